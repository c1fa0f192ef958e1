// Step 5 of DESIGN §3: IP literals are not domains. "What is an IP address" is decided the
// way the WHATWG URL parser decides it, so `127.1`, `0x7f.1`, `2130706433` and `[::1]` are
// all caught, exactly as a browser would read them.
import { type Refusal, refuse, shorten } from './refusal.js';

/** Characters an IPv6 literal may hold (hex digits, colons, dots of an embedded IPv4). */
const IPV6_BODY = /^[0-9a-f:.]+$/i;

/**
 * The URL standard's "ends in a number" rule: a name whose last label is all digits, or a
 * hexadecimal `0x…` number, is read as IPv4 (valid or not).
 */
const NUMBER_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/;

const parsesAsUrl = (url: string): boolean => {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
};

/** An IPv6 literal, bracketed (`[::1]`) or bare (`2001:db8::1`), refused as `ip_address`. */
export function ipv6Refusal(text: string): Refusal | undefined {
  const bracketed = text.startsWith('[') && text.endsWith(']');
  const body = bracketed ? text.slice(1, -1) : text;
  if (!body.includes(':') || !IPV6_BODY.test(body)) {
    return bracketed
      ? refuse('malformed', 'Brackets are only used around IPv6 addresses, and this is not one.')
      : undefined;
  }
  return parsesAsUrl(`http://[${body}]/`)
    ? refuse('ip_address', `${shorten(text)} is an IPv6 address; enter a domain name instead.`)
    : refuse('malformed', `${shorten(text)} is neither a domain name nor a valid IPv6 address.`);
}

/**
 * A name whose last label is a number: an IPv4 address, or nothing valid. `host` is lowercase
 * LDH without its root dot.
 */
export function ipv4Refusal(host: string): Refusal | undefined {
  if (!NUMBER_LABEL.test(host.slice(host.lastIndexOf('.') + 1))) return undefined;
  if (parsesAsUrl(`http://${host}/`)) {
    return refuse(
      'ip_address',
      `${shorten(host)} is an IPv4 address; enter a domain name instead.`,
    );
  }
  return refuse(
    'malformed',
    `${shorten(host)} ends in a number, so it is read as an IPv4 address, but it is not a valid one.`,
  );
}
