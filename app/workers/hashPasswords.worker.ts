// Worker thread: bcrypt hashes of the initial passwords of an account import (app/models/accountImport.server.ts).
// bcrypt is slow on purpose (cost 10: about 0.1–0.3 s a password in pure JavaScript), so a list of a hundred accounts
// is hashed here, off the thread that answers every request. The passwords are neither kept nor logged.
import bcrypt from 'bcryptjs'

export function handle(input: { passwords: string[]; cost: number }): string[] {
  return input.passwords.map((password) => bcrypt.hashSync(password, input.cost))
}
