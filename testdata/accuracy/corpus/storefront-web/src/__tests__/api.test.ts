import { describe, expect, it, vi } from "vitest";

const FAKE_JWT = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.";
const FAKE_KEY = "sk-test-1234567890";

describe("api", () => {
  it("adds the bearer header", () => {
    sessionStorage.setItem("token", FAKE_JWT);
    expect(sessionStorage.getItem("token")).toBe(FAKE_JWT);
  });
  it("mocks openai", () => {
    vi.stubEnv("VITE_OPENAI_API_KEY", "sk-proj-test");
    expect(FAKE_KEY).toContain("test");
  });
});
