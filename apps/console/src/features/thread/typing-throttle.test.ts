import { describe, expect, it } from 'vitest';
import { createTypingThrottle } from './typing-throttle';

function setup() {
  const sent: boolean[] = [];
  let now = 0;
  const throttle = createTypingThrottle((typing) => sent.push(typing), () => now);
  return { sent, throttle, advance: (ms: number) => (now += ms) };
}

describe('createTypingThrottle', () => {
  it('announces typing at most once every 2 s while the text keeps changing', () => {
    const { sent, throttle, advance } = setup();
    throttle.input('H');
    advance(500);
    throttle.input('He');
    advance(1_499);
    throttle.input('Hel');
    expect(sent).toEqual([true]);
    advance(1);
    throttle.input('Hell');
    expect(sent).toEqual([true, true]);
  });

  it('sends false once when the text is emptied, sent or blurred, and never without a true before', () => {
    const { sent, throttle } = setup();
    throttle.stop();
    throttle.input('   ');
    expect(sent).toEqual([]);
    throttle.input('Hi');
    throttle.input('');
    throttle.stop();
    expect(sent).toEqual([true, false]);
  });

  it('announces again at once after a stop', () => {
    const { sent, throttle, advance } = setup();
    throttle.input('Hi');
    throttle.stop();
    advance(10);
    throttle.input('Hi again');
    expect(sent).toEqual([true, false, true]);
  });
});
