/** An argument as a POSIX shell would need it typed: bare when safe, else in single quotes. */
function shellQuoted(arg: string): string {
  if (/^[\w./:=@%+,-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command as typed, for the import's provenance: each argument quoted so that pasting the
 * line into a shell runs the same import ("--title 'My metric'", not "--title My metric").
 */
export function commandLine(program: string, argv: readonly string[]): string {
  return [program, ...argv].map(shellQuoted).join(' ');
}
