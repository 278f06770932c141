// A persisted XState snapshot carries the machine version that wrote it. Restoring one written by an older version
// moves it forward one migration at a time; a version the code cannot reach (newer, or older without a migration) is
// refused rather than guessed at. Shared by every machine (the village's campaign, a proposal's approval).

/** A step that turns a persisted snapshot of machine version N into one of version N + 1. */
export type SnapshotMigration = (persisted: Record<string, unknown>) => Record<string, unknown>

export class SnapshotVersionError extends Error {
  constructor(
    readonly storedVersion: number,
    currentVersion: number,
    what: string,
  ) {
    super(`${what} snapshot written by machine version ${storedVersion}, this is version ${currentVersion}`)
  }
}

/** The stored snapshot brought to `currentVersion` through `migrations` (keyed by the version they upgrade FROM). */
export function migratePersisted(
  stored: { machineVersion: number; snapshot: unknown },
  currentVersion: number,
  migrations: Record<number, SnapshotMigration>,
  what: string,
): Record<string, unknown> {
  let version = stored.machineVersion
  let persisted = stored.snapshot as Record<string, unknown>
  if (version > currentVersion) throw new SnapshotVersionError(stored.machineVersion, currentVersion, what)
  while (version < currentVersion) {
    const step = migrations[version]
    if (!step) throw new SnapshotVersionError(stored.machineVersion, currentVersion, what)
    persisted = step(persisted)
    version += 1
  }
  return persisted
}
