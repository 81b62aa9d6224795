// The launch attributes: validation of what users type in launch.json, and package.json's
// generated schema staying in sync with the one TypeScript definition.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  LAUNCH_ATTRIBUTES,
  LaunchConfigurationError,
  debuggerConfigurationAttributes,
  validateLaunchConfiguration,
} from '../../debug-adapter/launch-configuration';
import { PACKAGE_JSON_PATH, withGeneratedSchema } from '../../scripts/generate-debugger-schema';

describe('debug adapter launch configuration', () => {
  it('fills in defaults for a launch with only a program', () => {
    assert.deepEqual(validateLaunchConfiguration({ program: '/tmp/a.dipc' }), {
      program: '/tmp/a.dipc',
      stopOnEntry: false,
      ipc: 'dipc',
      maxInstructions: undefined,
      costModel: undefined,
    });
  });

  it('keeps every attribute given', () => {
    const config = validateLaunchConfiguration({ program: 'p.dipc', stopOnEntry: true, ipc: 'l4', maxInstructions: 1000, costModel: 'c.json' });
    assert.equal(config.stopOnEntry, true);
    assert.equal(config.ipc, 'l4');
    assert.equal(config.maxInstructions, 1000);
    assert.equal(config.costModel, 'c.json');
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['a missing program', {}, /`program` is required/],
    ['a program that is not a string', { program: 3 }, /`program` must be a string/],
    ['an unknown ipc mode', { program: 'a', ipc: 'smoke' }, /`ipc` must be one of dipc, l4, rpc, pipe, sem, not `smoke`/],
    ['a negative instruction limit', { program: 'a', maxInstructions: -5 }, /`maxInstructions` must be a positive whole number/],
    ['a fractional instruction limit', { program: 'a', maxInstructions: 2.5 }, /`maxInstructions` must be a positive whole number/],
    ['a stopOnEntry that is not a boolean', { program: 'a', stopOnEntry: 'yes' }, /`stopOnEntry` must be true or false/],
  ];
  for (const [what, raw, message] of invalid) {
    it(`rejects ${what} with a message naming the attribute`, () => {
      assert.throws(() => validateLaunchConfiguration(raw), (error: unknown) => error instanceof LaunchConfigurationError && message.test(error.message));
    });
  }

  it('describes every attribute and requires only program', () => {
    const { launch } = debuggerConfigurationAttributes();
    assert.deepEqual(launch.required, ['program']);
    assert.deepEqual(Object.keys(launch.properties), Object.keys(LAUNCH_ATTRIBUTES));
    for (const schema of Object.values(launch.properties)) assert.ok(schema.description.length > 10);
    assert.deepEqual(launch.properties.ipc.enum, ['dipc', 'l4', 'rpc', 'pipe', 'sem']);
  });

  it('package.json carries the generated schema (run scripts/generate-debugger-schema.ts if this fails)', () => {
    const current = readFileSync(PACKAGE_JSON_PATH, 'utf8');
    assert.deepEqual(JSON.parse(current).contributes?.debuggers?.[0]?.configurationAttributes, JSON.parse(withGeneratedSchema(current)).contributes.debuggers[0].configurationAttributes);
  });
});
