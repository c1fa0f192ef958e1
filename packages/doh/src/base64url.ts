// RFC 4648 §5 base64url without padding, as RFC 8484 §4.1 asks for the `dns` parameter. Built on
// btoa over a binary string so it runs where Buffer does not exist (Workers, Deno, browsers).

/** Encodes bytes as unpadded base64url. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x2000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
