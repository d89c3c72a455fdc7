// How upgrade safety (scripts/e2e/upgrade.ts) finds the previous release: in throwaway git
// repositories, with the git binary.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { previousReleaseCommit } from "../../scripts/e2e/upgrade";

describe("previousReleaseCommit", () => {
  const git = (dir: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, encoding: "utf8" }).trim();
  const commit = (dir: string, version: string, message: string) => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ version, scripts: { [message]: "x" } }));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", message);
    return git(dir, "rev-parse", "HEAD");
  };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "release-"));
    git(dir, "init", "-q");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("is the commit before the version was bumped, whatever touched package.json since", () => {
    commit(dir, "0.1.0", "first");
    const released = commit(dir, "0.1.0", "fix");
    commit(dir, "0.2.0", "bump");
    commit(dir, "0.2.0", "later");
    expect(previousReleaseCommit(dir)).toBe(released);
  });

  test("is HEAD while the bump is not committed yet", () => {
    const head = commit(dir, "0.1.0", "first");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ version: "0.2.0" }));
    expect(previousReleaseCommit(dir)).toBe(head);
  });

  test("without an earlier version in the history, it fails and says how to proceed", () => {
    commit(dir, "0.2.0", "only");
    expect(() => previousReleaseCommit(dir)).toThrow(/no commit with a package.json version other than 0.2.0.*--upgrade-from <ref>/);
  });
});
