// What the client needs from its platform: a text WebSocket and one HTTP POST, so that the same
// client runs on Node.js (`ws`, node:http) and in browsers (the platform's WebSocket and fetch).

/** How a socket ended, as far as the client cares. */
export interface SocketClose {
  /** A message passed `maxMessageBytes`, so the socket was closed (code 1009 on Node). */
  readonly tooLarge: boolean;
}

/** What an open socket reports. */
export interface SocketEvents {
  /** A text message arrived. */
  message(text: string): void;
  /** The socket closed, once. */
  close(how: SocketClose): void;
}

/** An open WebSocket carrying text messages. */
export interface ClientSocket {
  /** Whether sending now reaches the peer. */
  readonly isOpen: boolean;
  /** Sends one text message; messages sent in one tick may leave in one write. */
  send(text: string): void;
  /** Starts delivering messages and the close to `events`. */
  listen(events: SocketEvents): void;
  /** Closes with 1000 and resolves once the socket is closed. */
  close(): Promise<void>;
}

/** What opening a socket takes. */
export interface SocketOptions {
  /** Headers of the upgrade request (Node only: browsers cannot set them). */
  readonly headers: Readonly<Record<string, string>>;
  /** Largest message received; a larger one closes the socket. */
  readonly maxMessageBytes: number;
  /** Interval of keepalive pings where the platform can send them (0: none). */
  readonly keepAliveMs: number;
}

/** Opens a socket; rejects with ConnectionClosedError when that fails. */
export type OpenSocket = (url: URL, options: SocketOptions) => Promise<ClientSocket>;

/** An HTTP answer: status and body text. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** Posts JSON bodies to one URL, reusing connections where the platform allows. */
export interface HttpPoster {
  /**
   * Posts `body`; rejects with RpcTimeoutError after `timeoutMs`, LimitExceededError for an answer
   * larger than `maxMessageBytes`, ConnectionClosedError when the request fails.
   */
  post(body: string, headers: Readonly<Record<string, string>>, what: string): Promise<HttpAnswer>;
  /** Drops the connections kept alive. */
  close(): void;
}

/** What an HTTP poster takes. */
export interface HttpOptions {
  readonly timeoutMs: number;
  readonly maxMessageBytes: number;
  /** Connections kept alive and reused (Node only; browsers manage their own). */
  readonly maxSockets: number;
}

/** Creates the HTTP poster of one client. */
export type CreateHttpPoster = (url: URL, options: HttpOptions) => HttpPoster;
