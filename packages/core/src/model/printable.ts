/**
 * DNS-derived text as it is stored and shown: backslashes and control characters escaped in
 * DNS presentation style (`\\`, `\000`). A TXT record may carry any byte, and databases such as
 * PostgreSQL cannot store U+0000.
 */
export function printable(value: string): string {
  let out = '';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '\\') out += '\\\\';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString().padStart(3, '0')}`;
    else out += c;
  }
  return out;
}
