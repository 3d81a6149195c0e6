import { describe, expect, it } from "vitest";
import { credentialsInText, secretFileProblem, slackChannelProblem } from "./secrets.js";

describe("credentials in text", () => {
  it("finds a password, a token as user name and a credential-like query parameter in URLs anywhere in the text", () => {
    expect(credentialsInText("see (https://bob:pw@wiki.example.com/x).")?.message).toMatch(/with a password/);
    expect(credentialsInText("clone:https://tok3n@github.com/acme/x")?.message).toMatch(/https URL with a user part/);
    expect(credentialsInText("at https://x.example.com/a?b=1&X-Amz-Signature=abc")?.message).toMatch(/query parameter `X-Amz-Signature`/);
    expect(credentialsInText("at https://x.example.com/a?orgId=1&api%5Fkey=abc")?.message).toMatch(/query parameter `api_key`/);
    expect(credentialsInText("redis://:pw@cache:6379")?.message).toMatch(/with a password/);
  });

  it("leaves URLs without credentials alone: ssh user names, fragments, ordinary parameters, `://` without a scheme", () => {
    for (const text of [
      "ssh://git@github.com/acme/x.git",
      "https://x.example.com/a?orgId=1&viewPanel=2#token=x",
      "a ://b",
      "https://monkey.example.com/?keyword=a",
      "y".repeat(100_000),
    ]) {
      expect(credentialsInText(text), text.slice(0, 40)).toBeUndefined();
    }
  });
});

describe("secret file paths and Slack channels", () => {
  it("accepts file paths and refuses what looks like the secret", () => {
    expect(secretFileProblem("/etc/alertmanager/secrets/pagerduty-trading.key")).toBeUndefined();
    expect(secretFileProblem("../secrets/slack_alerts@v2.url")).toBeUndefined();
    expect(secretFileProblem("/etc/secrets/abcdef0123456789abcdef0123456789")?.message).toMatch(/looks like a key or token/);
    expect(secretFileProblem("hooks.slack.com/services/T0/B0/X")?.message).toMatch(/this is a URL/);
    expect(secretFileProblem("/etc//key")?.message).toMatch(/empty segments/);
  });

  it("accepts channels, users and channel ids, and refuses tokens", () => {
    for (const ok of ["#trading-alerts", "#運用", "@jane.doe", "C024BE91L"]) expect(slackChannelProblem(ok), ok).toBeUndefined();
    for (const bad of ["#xoxp-1-2-3", "trading", "#a b", `#${"a".repeat(81)}`]) expect(slackChannelProblem(bad), bad).toBeDefined();
  });
});
