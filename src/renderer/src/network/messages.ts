/** Every user-facing string of the proxy login prompt (one place, for the translations to come). */
export const proxyLoginMessages = {
  title: 'Proxy login',
  intro: (host: string, port: number) =>
    `Your network sends connections through a proxy (${host}:${port}) that asks for a login. Expense Courier needs it to reach Kantata.`,
  realm: (realm: string) => `The proxy calls itself "${realm}".`,
  retry: 'The proxy did not accept that user name and password. Please try again.',
  username: 'User name',
  password: 'Password',
  kept: 'The password is used for this session only and is not saved.',
  submit: 'Log in',
  cancel: 'Not now',
  usernameRequired: 'Enter your user name for the proxy.',
  expired: 'This request timed out. Expense Courier will ask again on its next attempt.',
} as const;
