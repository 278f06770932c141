// How long each query takes, for the Server-Timing header (server.ts). db/ knows nothing of requests: the plugin hands
// each duration to a callback, and app/utils/requestContext.server.ts adds it to the request that ran the query.
// Each query is reported as the interval from compiling it to its rows arriving (performance.now() times): the wait
// for the connection (SQLite's writer) is in it, because the request waited for it too. A query that fails is not
// reported. Queries run side by side overlap, and wait for each other: the caller merges the intervals rather than
// adding them up.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

export function queryTimingPlugin(onQuery: (startedAt: number, endedAt: number) => void): KyselyPlugin {
  const started = new WeakMap<object, number>()
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      started.set(queryId, performance.now())
      return node
    },
    transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const start = started.get(queryId)
      if (start !== undefined) {
        started.delete(queryId)
        onQuery(start, performance.now())
      }
      return Promise.resolve(result)
    },
  }
}
