/** The Argyle environment a set of API keys belongs to. Keys of one environment are refused by the other. */
export type ArgyleEnvironment = 'sandbox' | 'production';

/** Argyle's API origins, by environment. */
export const ARGYLE_BASE_URLS: Readonly<Record<ArgyleEnvironment, string>> = {
  sandbox: 'https://api-sandbox.argyle.com',
  production: 'https://api.argyle.com',
};

/** Environment variable that, when set and not empty, replaces the configured base URL (a proxy or test server). */
export const ARGYLE_API_BASE_URL_ENV = 'ARGYLE_API_BASE_URL';

export interface BaseUrlConfig {
  readonly environment: ArgyleEnvironment;
  /**
   * Origin (and optional path prefix) to call instead of the environment's.
   * @default - the environment's URL from {@link ARGYLE_BASE_URLS}
   */
  readonly baseUrl?: string;
}

/**
 * The base URL to call, without a trailing slash: {@link ARGYLE_API_BASE_URL_ENV} when set, else `baseUrl`, else
 * the environment's URL. Throws when the chosen value is not an http(s) URL without credentials.
 */
export function resolveArgyleBaseUrl(
  config: BaseUrlConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const fromEnv = env[ARGYLE_API_BASE_URL_ENV]?.trim();
  if (fromEnv) return checkBaseUrl(fromEnv, ARGYLE_API_BASE_URL_ENV);
  if (config.baseUrl !== undefined) return checkBaseUrl(config.baseUrl, 'baseUrl');
  const url = ARGYLE_BASE_URLS[config.environment];
  if (url === undefined) {
    throw new Error(
      `unknown Argyle environment ${JSON.stringify(config.environment)}: use 'sandbox' or 'production'`,
    );
  }
  return url;
}

function checkBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `${source} is not a URL: ${JSON.stringify(value)}; use e.g. https://api-sandbox.argyle.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${source} must use https or http, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new Error(`${source} must not contain credentials; pass apiKeyId and apiKeySecret instead`);
  }
  if (url.search || url.hash) {
    throw new Error(`${source} must not have a query or fragment: ${url.origin}${url.pathname}`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
