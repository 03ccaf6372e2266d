/** Shared set-up for the Argyle API client tests; the fake API, its clients and the clock are in test/support. */

export const NEW_SUBSCRIPTION = {
  name: 'aws-receiver',
  events: ['accounts.connected'],
  url: 'https://hooks.example.com/argyle',
  secret: 'whsec-test-0123456789',
  config: { include_resource: true },
} as const;
