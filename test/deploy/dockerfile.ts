/**
 * Just enough of a Dockerfile parser for the deploy tests: stages, their instructions
 * (continuation lines joined, comments dropped), exec-form arguments, ENV and ARG pairs.
 */
export interface Instruction {
  readonly op: string;
  readonly rest: string;
}

export interface Stage {
  /** The image after FROM, with `${ARG}` resolved from the global ARGs' defaults. */
  readonly from: string;
  readonly name?: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM, with their defaults. */
  readonly globalArgs: Readonly<Record<string, string>>;
  readonly stages: readonly Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const globalArgs: Record<string, string> = {};
  const stages: { from: string; name?: string; instructions: Instruction[] }[] = [];
  for (const line of lines) {
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    const op = m[1].toUpperCase();
    const rest = m[2].trim();
    if (op === 'FROM') {
      const [image, as, name] = rest.split(/\s+/);
      const from = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => globalArgs[a ?? b ?? ''] ?? '');
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (op === 'ARG') Object.assign(globalArgs, pairs(rest));
    } else stages[stages.length - 1].instructions.push({ op, rest });
  }
  return { globalArgs, stages };
}

/** `KEY=value KEY2="v 2"` (or the legacy `KEY value`) as a record. */
export function pairs(rest: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!/^\w+=/.test(rest)) {
    const [k, ...v] = rest.split(/\s+/);
    out[k] = v.join(' ');
    return out;
  }
  for (const m of rest.matchAll(/(\w+)(?:=("([^"]*)"|\S*))?/g)) out[m[1]] = m[3] ?? m[2] ?? '';
  return out;
}

/** The exec-form (JSON array) arguments of the stage's last `op`, e.g. ENTRYPOINT or CMD. */
export function execForm(stage: Stage, op: string): string[] {
  const last = stage.instructions.filter((i) => i.op === op).pop();
  if (!last) throw new Error(`no ${op} in the stage`);
  return JSON.parse(last.rest) as string[];
}

/** The HEALTHCHECK's command, exec form (its --options skipped). */
export function healthcheck(stage: Stage): string[] | undefined {
  const h = stage.instructions.filter((i) => i.op === 'HEALTHCHECK').pop();
  if (!h) return undefined;
  const cmd = /\bCMD\s+(.*)$/.exec(h.rest);
  return cmd ? (JSON.parse(cmd[1]) as string[]) : undefined;
}

/** Every ENV the stage sets, in order. */
export function envOf(stage: Stage): Record<string, string> {
  return Object.assign({}, ...stage.instructions.filter((i) => i.op === 'ENV').map((i) => pairs(i.rest))) as Record<string, string>;
}
