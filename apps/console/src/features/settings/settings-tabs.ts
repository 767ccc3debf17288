import { SETTINGS_PATH } from '../../app/route';

export const SETTINGS_TABS = [
  { id: 'queues', label: 'Queues' },
  { id: 'agents', label: 'Agents' },
  { id: 'channels', label: 'Channels' },
  { id: 'api-keys', label: 'API keys' },
  { id: 'webhooks', label: 'Webhooks' },
] as const;

export type SettingsTab = (typeof SETTINGS_TABS)[number]['id'];

/** The section in `?tab=`; the first one when there is none or it is unknown. */
export function settingsTab(search: string): SettingsTab {
  const wanted = new URLSearchParams(search).get('tab');
  return SETTINGS_TABS.find((tab) => tab.id === wanted)?.id ?? 'queues';
}

export function settingsTabPath(tab: SettingsTab): string {
  return `${SETTINGS_PATH}?tab=${tab}`;
}
