// The little of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  interface Options {
    url: string
    connections?: number
    duration?: number
    headers?: Record<string, string>
  }
  interface Result {
    duration: number
    requests: { total: number; average: number }
    non2xx: number
    errors: number
    timeouts: number
  }
  type Instance = EventEmitter & PromiseLike<Result>
  function autocannon(options: Options): Instance
  export default autocannon
}
