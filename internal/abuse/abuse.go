// Package abuse protects the public, login-free endpoints (the appeal form,
// the tracker, Open311, surveys): per-IP token-bucket rate limits bounded in
// memory, the client address taken from X-Forwarded-For only when the
// connection comes from a configured trusted proxy, an allow-list of
// addresses exempt from limits and challenges (the load benchmark runs from
// loopback), a proof-of-work challenge with a plain question as the fallback
// for browsers without JavaScript, idempotency keys and request body limits.
//
// Everything here is in memory and per process: with several app nodes a
// client gets each node's allowance. That is acceptable for flood damping;
// the durable guarantees (one appeal per idempotency key) live in the
// database.
package abuse
