/** The app version shown in `hello` and the CLI; a test checks it equals package.json's. */
export const VERSION = '0.1.0';
