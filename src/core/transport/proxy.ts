// Which proxy, if any, carries a request. Follows undici's EnvHttpProxyAgent (lower
// case variables win over upper case; https targets fall back to HTTP_PROXY), with
// curl's reading of NO_PROXY so that "example.com" also covers its subdomains.

export interface ProxyChoice {
  /** Normalised proxy URL, or undefined for a direct connection. */
  url?: string;
  source: 'option' | 'env' | 'none';
}

export function chooseProxy(
  target: URL,
  explicitProxy: string | undefined,
  env: Record<string, string | undefined>,
  noProxyOverride?: string,
): ProxyChoice {
  const explicit = explicitProxy?.trim();
  if (explicit) {
    // An explicit proxy comes with its own exclusions (VS Code's http.noProxy), not the environment's.
    if (noProxyOverride !== undefined && bypassesProxy(target, noProxyOverride)) return { source: 'none' };
    return { url: normaliseProxyUrl(explicit), source: 'option' };
  }

  const fromEnv =
    target.protocol === 'https:'
      ? envValue(env, 'https_proxy') ?? envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'http_proxy') ?? envValue(env, 'HTTP_PROXY')
      : envValue(env, 'http_proxy') ?? envValue(env, 'HTTP_PROXY');
  if (!fromEnv) return { source: 'none' };

  const noProxy = noProxyOverride ?? envValue(env, 'no_proxy') ?? envValue(env, 'NO_PROXY') ?? '';
  if (bypassesProxy(target, noProxy)) return { source: 'none' };
  return { url: normaliseProxyUrl(fromEnv), source: 'env' };
}

/** NO_PROXY: comma or space separated; `*`; host; `.domain` or `*.domain`; any of these with `:port`. */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = stripBrackets(target.hostname.toLowerCase());
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);

  for (const rawEntry of noProxy.split(/[,\s]+/)) {
    const entry = rawEntry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;

    const { name, entryPort } = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;

    const domain = name.replace(/^\*?\./, '');
    if (!domain) continue;
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitHostPort(entry: string): { name: string; entryPort?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1], entryPort: bracketed[2] ? Number(bracketed[2]) : undefined };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort) return { name: withPort[1], entryPort: Number(withPort[2]) };
  return { name: entry };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** "proxy.corp:3128" is how people write it in settings; undici needs a scheme. */
export function normaliseProxyUrl(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/** Credentials inside a proxy URL are secrets too, raw and as written. */
export function proxyCredentials(proxyUrl: string | undefined): string[] {
  if (!proxyUrl) return [];
  try {
    const url = new URL(proxyUrl);
    const found: string[] = [];
    for (const part of [url.password]) {
      if (!part) continue;
      found.push(part);
      try {
        found.push(decodeURIComponent(part));
      } catch {
        // Malformed escapes: the raw form is already listed.
      }
    }
    return found;
  } catch {
    return [];
  }
}

/** A proxy URL fit for a message: scheme, host and port only. */
export function displayProxy(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the configured proxy';
  }
}
