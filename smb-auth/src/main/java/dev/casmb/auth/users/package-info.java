/** Local user accounts stored as NT hashes only ({@link dev.casmb.auth.users.UserDatabase}). */
package dev.casmb.auth.users;
