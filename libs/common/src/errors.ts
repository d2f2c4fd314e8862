/** An error a user can act on: it names the input and the problem. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`${input}: ${problem}`);
    this.name = 'InputError';
  }
}

/** A service that could not be reached: names the service, where it was expected and what to do. */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: string,
    readonly address: string,
    readonly detail: string,
  ) {
    super(`${service} is not reachable at ${address}: ${detail}`);
    this.name = 'ServiceUnavailableError';
  }
}
