import { describe, expect, it } from 'vitest';
import { buildAgentReport, buildChannelReport, buildFigures } from '../../../test/factories';
import { agentsCsv, channelsCsv, csvField, csvFileName, toCsv } from './report-csv';
import { formatResponse } from './report-figures';

describe('csvField', () => {
  it('quotes a field with a comma, a quote or a line break, doubling the quotes', () => {
    expect(csvField('Okafor, Ben')).toBe('"Okafor, Ben"');
    expect(csvField('Chen "CJ" Wei')).toBe('"Chen ""CJ"" Wei"');
    expect(csvField('Line one\nline two')).toBe('"Line one\nline two"');
    expect(csvField('CR\r')).toBe('"CR\r"');
    expect(csvField('Plain name')).toBe('Plain name');
  });

  it('writes numbers raw and nothing for a missing figure', () => {
    expect(csvField(0)).toBe('0');
    expect(csvField(0.6667)).toBe('0.6667');
    expect(csvField(null)).toBe('');
  });

  it("defuses names a spreadsheet would run as a formula, with a leading '", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('@team')).toBe("'@team");
  });
});

describe('toCsv', () => {
  it('starts with a BOM and a header row, and ends every line with CRLF', () => {
    expect(toCsv(['Name', 'Count'], [['a', 1], ['b, c', null]])).toBe('\uFEFFName,Count\r\na,1\r\n"b, c",\r\n');
  });
});

describe('report CSVs', () => {
  it('lists channels with raw figures: seconds as integers, the service level as 0..1', () => {
    const csv = channelsCsv([
      buildChannelReport({ id: 'chn_sms', name: 'SMS' }, buildFigures({ answeredCount: 3, answeredInTargetCount: 2, serviceLevel: 2 / 3, medianResponseSeconds: 95, p90ResponseSeconds: 420, breachedCount: 1, resolvedCount: 2 })),
      buildChannelReport({ id: 'chn_web', name: 'Web chat, EU' }, buildFigures()),
    ]);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFChannel,Answered,Answered in target,Service level (0-1),Median response (seconds),p90 response (seconds),Breached,Resolved',
      'SMS,3,2,0.6667,95,420,1,2',
      '"Web chat, EU",0,0,,,,0,0',
      '',
    ]);
  });

  it('adds first responses for agents, and keeps a name with quotes and a line break in one field', () => {
    const csv = agentsCsv([buildAgentReport({ id: 'agt_1', name: 'Ada "The Countess"\nLovelace' }, buildFigures({ answeredCount: 1, answeredInTargetCount: 1, serviceLevel: 1, medianResponseSeconds: 30, p90ResponseSeconds: 30 }), 1)]);
    expect(csv).toBe(
      '\uFEFFAgent,Answered,Answered in target,Service level (0-1),Median response (seconds),p90 response (seconds),Breached,Resolved,First responses\r\n' +
        '"Ada ""The Countess""\nLovelace",1,1,1,30,30,0,0,1\r\n',
    );
  });

  it('names the file after the table and the period', () => {
    expect(csvFileName('channels', '2026-11-30')).toBe('switchboard-channels-2026-11-30.csv');
  });
});

describe('formatResponse', () => {
  it('says a response time as people do, in its two largest units', () => {
    expect(formatResponse(45)).toBe('45 s');
    expect(formatResponse(200)).toBe('3 min 20 s');
    expect(formatResponse(180)).toBe('3 min');
    expect(formatResponse(2 * 3600 + 5 * 60 + 9)).toBe('2 h 5 min');
    expect(formatResponse(3 * 86_400 + 3600)).toBe('3 d 1 h');
    expect(formatResponse(0)).toBe('0 s');
    expect(formatResponse(null)).toBe('—');
  });
});
