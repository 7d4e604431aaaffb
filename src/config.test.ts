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

describe('where misuse detection and the log sequencer run', () => {
  it('defaults to the detector thread and the embedded sequencer, and names a bad value', () => {
    const c = loadConfig({});
    expect(c.misuse.detector).toBe('thread');
    expect(c.log.sequencer).toBe('embedded');
    expect(loadConfig({ MISUSE_DETECTOR: 'inline', LOG_SEQUENCER: 'off' })).toMatchObject({
      misuse: { detector: 'inline' },
      log: { sequencer: 'off' },
    });
    for (const bad of ['threads', '1', 'THREAD', 'inline\0']) {
      expect(() => loadConfig({ MISUSE_DETECTOR: bad })).toThrow(/MISUSE_DETECTOR/);
    }
    expect(() => loadConfig({ LOG_SEQUENCER: 'no' })).toThrow(/LOG_SEQUENCER/);
  });
});
