package auth

import (
	"testing"
	"time"
)

// Example token from jwt.io, used to check we reject the wrong key.
const jwtIOExample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

var testKey = []byte("test-signing-key-not-secret")

func TestSignAndParse(t *testing.T) {
	tok, err := Sign(testKey, "svc-reconciler", "entries:read", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(testKey, tok)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if c.Subject != "svc-reconciler" {
		t.Errorf("subject = %q", c.Subject)
	}
}

func TestRejectsForeignToken(t *testing.T) {
	if _, err := Parse(testKey, jwtIOExample); err == nil {
		t.Fatal("expected error for token signed with another key")
	}
}
