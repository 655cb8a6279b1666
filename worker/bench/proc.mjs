// CPU time of workerd processes started by this process, from /proc (Linux): bench.mjs and
// hosts.mjs read workerd's CPU from outside, since workerd freezes the clock inside a request.

import { readFileSync, readdirSync } from "node:fs";

/** The workerd processes that are children of this process. */
export function workerdChildren() {
  const out = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && comm.startsWith("workerd")) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU time of all threads of `pid`, nanoseconds. */
export function cpuNs(pid) {
  let total = 0n;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += BigInt(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // thread ended
    }
  }
  return total;
}
