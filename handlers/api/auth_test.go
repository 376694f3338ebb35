package api_test

import "testing"

// authRows are the session's routes: every signed-in role reads its own
// account and ends its own session; no token is a 401. They name no school
// or enterprise (notSchool).
var authRows = []scopeRow{
	{"GET", "/auth/me", nil, nil, [6]int{200, 200, 200, 200, 200, 401}, ofNone},
	{"POST", "/auth/logout", nil, nil, [6]int{204, 204, 204, 204, 204, 401}, ofNone},
}

// roleUsers are the fixture's user names by matrix column.
var roleUsers = [6]string{"admin", "office_a", "staff_a", "ent_e1", "auditor_a", ""}

// TestAuthMatrix sends authRows with a session of their own for each role, so
// that a logout ends no session the other matrices use; /auth/me must answer
// the caller's own account, and a logged-out token no longer works.
func TestAuthMatrix(t *testing.T) {
	f := newFixture(t)
	for _, row := range authRows {
		for i, user := range roleUsers {
			t.Run(roleNames[i]+" "+row.method+" "+row.path, func(t *testing.T) {
				token := ""
				if user == "admin" {
					token = f.login(user, adminPassword)
				} else if user != "" {
					token = f.login(user, userPassword)
				}
				r := f.do(row.method, "/api/v1"+row.path, token, nil)
				if r.status != row.want[i] {
					t.Fatalf("got status %d, want %d: %s", r.status, row.want[i], short(r.raw))
				}
				if code, ok := errorCodes[r.status]; ok {
					checkError(t, r, r.status, code)
				}
				switch {
				case row.path == "/auth/me" && r.status == 200 && r.str("username") != user:
					t.Errorf("got the account %q, want %q", r.str("username"), user)
				case row.path == "/auth/logout" && r.status == 204:
					checkError(t, f.do("GET", "/api/v1/auth/me", token, nil), 401, "unauthorized")
				}
			})
		}
	}
}
