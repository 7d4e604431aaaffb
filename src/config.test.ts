import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('GATEWAY_PROCESSES', () => {
  const pg = 'postgres://postgres@127.0.0.1:5432/test';

  it('is one process on an embedded data folder, and one per core with DATABASE_URL, by default', () => {
    expect(loadConfig({}).gatewayProcesses).toBe(1);
    expect(loadConfig({ DATABASE_URL: pg }).gatewayProcesses).toBeGreaterThanOrEqual(1);
    expect(loadConfig({ DATABASE_URL: pg, GATEWAY_PROCESSES: '3' }).gatewayProcesses).toBe(3);
  });

  it('refuses more than one process on an embedded data folder, and what is not a count', () => {
    expect(() => loadConfig({ GATEWAY_PROCESSES: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ GATEWAY_PROCESSES: '2' })).toThrow(
      /GATEWAY_PROCESSES: more than one process needs DATABASE_URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: pg, GATEWAY_PROCESSES: '0' })).toThrow(/GATEWAY_PROCESSES/);
    expect(() => loadConfig({ DATABASE_URL: pg, GATEWAY_PROCESSES: 'many' })).toThrow(/GATEWAY_PROCESSES/);
  });
});
