// Command-line parsing for `dipc`: each command declares its flags once; anything else is a usage
// error that the CLI reports in one line with exit status 2 (tooling.md §2).

export class UsageError extends Error {}

export interface FlagSpec {
  /** Without the leading dashes: `json`, `max-instructions`. */
  name: string;
  /** A flag with a value takes the next argument (or `--name=value`). */
  value?: 'string' | 'integer';
}

export interface CommandSpec {
  name: string;
  usage: string;
  flags: FlagSpec[];
  /** Smallest and largest number of positional arguments. */
  positionals: { min: number; max: number; name: string };
}

export interface ParsedArguments {
  flags: Map<string, string | number | true>;
  positionals: string[];
}

export function parseArguments(spec: CommandSpec, argv: string[]): ParsedArguments {
  const flags = new Map<string, string | number | true>();
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith('--') || argument === '--') {
      positionals.push(argument);
      continue;
    }
    const [name, inlineValue] = splitFlag(argument.slice(2));
    const flag = spec.flags.find((candidate) => candidate.name === name);
    if (!flag) throw new UsageError(`unknown option --${name} for \`dipc ${spec.name}\` (usage: ${spec.usage})`);
    if (!flag.value) {
      if (inlineValue !== undefined) throw new UsageError(`option --${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const raw = inlineValue ?? argv[++index];
    if (raw === undefined) throw new UsageError(`option --${name} needs a value (usage: ${spec.usage})`);
    flags.set(name, flag.value === 'integer' ? parseCount(name, raw) : raw);
  }
  const { min, max, name } = spec.positionals;
  if (positionals.length < min) throw new UsageError(`missing ${name} (usage: ${spec.usage})`);
  if (positionals.length > max) throw new UsageError(`unexpected argument \`${positionals[max]}\` (usage: ${spec.usage})`);
  return { flags, positionals };
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

function parseCount(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) <= 0) {
    throw new UsageError(`option --${name} needs a positive whole number, not \`${raw}\``);
  }
  return Number(raw);
}
