/**
 * Text that came from outside atapi's own code (a user strategy's name, description, reasons
 * and error messages) with terminal control removed: escape sequences (CSI, OSC, the lone ESC
 * pairs) and every other C0/C1 control character. A name like `"\x1b]0;pwned\x07"` would
 * otherwise retitle the terminal or repaint the screen when a front end prints it.
 */
export function plainText(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '') // CSI: ESC [ params intermediates final
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '') // OSC: up to BEL or ST
    .replace(/\u001b[@-_]?/g, '') // other ESC pairs, a lone ESC
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' || c === '\t' ? ' ' : ''));
}
