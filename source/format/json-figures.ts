/**
 * JSON for report figures. A profit factor or Calmar ratio without a loss is Infinity, which
 * JSON.stringify would turn into null (a figure lost): it is written as the string "Infinity".
 */
export function figureReplacer(_key: string, value: unknown): unknown {
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** The reverse of figureReplacer, for reading figures back (a study file). */
export function figureReviver(_key: string, value: unknown): unknown {
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value;
}
