using System.Text;
using static ErrorMiddleware.Tests.Hostile.HostileExpectation;
using static ErrorMiddleware.Tests.Hostile.HostileRequest;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>
/// The hostile-input corpus (issue 9): one row per case, each naming its expected status and code in every dialect.
/// Rows marked <see cref="HostileOutcome.ServerOwnRejection"/> are Kestrel's own rejections, written before any
/// middleware runs: not enveloped, documented as not promised.
/// </summary>
internal static class HostileCorpus
{
    private const string ActiveKey = "sk-test-active-1234";
    private const string DisabledKey = "sk-test-disabled-6789";

    private static readonly string s_hugeName = new('n', 100_000);
    private static readonly string s_hostile = "<script>alert(1)</script>\\\"'\\u0000\\u0007\\r\\n";

    public static IReadOnlyList<HostileCase> All { get; } = CreateRows();

    private static List<HostileCase> CreateRows()
    {
        var cases = new List<HostileCase>();

        // Malformed JSON of every kind, on the validated minimal endpoint and on the MVC controller.
        foreach (var (endpoint, path) in new[] { ("minimal", "/tasks"), ("mvc", "/mvc/tasks") })
        {
            var category = "json-" + endpoint;
            void Body(string name, byte[] body, HostileExpectation expected) =>
                cases.Add(new(category, name, prefix => Json(prefix + path, body), expected));
            void Text(string name, string body, HostileExpectation expected) => Body(name, Encoding.UTF8.GetBytes(body), expected);

            Text("truncated", "{\"prompt\":\"hel", BodyInvalid);
            Text("truncated-after-colon", "{\"prompt\":", BodyInvalid);
            Text("trailing-garbage", "{\"prompt\":\"a\"} xyz", BodyInvalid);
            Text("two-documents", "{\"prompt\":\"a\"}{\"prompt\":\"b\"}", BodyInvalid);
            Text("wrong-type-string-is-number", "{\"prompt\":123}", BodyInvalid);
            Text("wrong-type-int-is-string", "{\"prompt\":\"a\",\"max_tokens\":\"lots\"}", BodyInvalid);
            Text("wrong-type-int-overflow", "{\"prompt\":\"a\",\"max_tokens\":99999999999999999999}", BodyInvalid);
            Text("wrong-type-list-is-object", "{\"prompt\":\"a\",\"messages\":{\"role\":\"user\"}}", BodyInvalid);
            Text("array-for-object", "[]", BodyInvalid);
            Text("string-for-object", "\"prompt\"", BodyInvalid);
            Text("duplicate-keys", "{\"prompt\":\"a\",\"prompt\":\"b\"}", Served());
            Text("comments", "{/* c */\"prompt\":\"a\"}", BodyInvalid);
            Text("single-quotes", "{'prompt':'a'}", BodyInvalid);
            Text("trailing-comma", "{\"prompt\":\"a\",}", BodyInvalid);
            Text("nan-literal", "{\"prompt\":\"a\",\"max_tokens\":NaN}", BodyInvalid);
            Body("bom", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"prompt\":\"a\"}")], Served());
            Body("invalid-utf8", [.. Encoding.UTF8.GetBytes("{\"prompt\":\""), 0xFF, 0xFE, 0xC3, (byte)'"', (byte)'}'], BodyInvalid);
            Body("invalid-utf8-in-ignored-name", [.. Encoding.UTF8.GetBytes("{\"prompt\":\"a\",\""), 0xC0, 0xAF, .. Encoding.UTF8.GetBytes("\":1}")], Served());
            Text("lone-high-surrogate", "{\"prompt\":\"\\ud800\"}", BodyInvalid);
            Text("lone-low-surrogate", "{\"prompt\":\"a\\udc00b\"}", BodyInvalid);
            Text("lone-surrogate-in-name", "{\"\\ud800\":1}", BodyInvalid);
            Text("nesting-10000-deep-array", "{\"prompt\":" + new string('[', 10_000) + new string(']', 10_000) + "}", BodyInvalid);
            Text("nesting-10000-deep-object", new StringBuilder().Insert(0, "{\"a\":", 10_000).Append('1').Append('}', 10_000).ToString(), BodyInvalid);
            Text("raw-control-char-in-string", "{\"prompt\":\"a\u0001b\"}", BodyInvalid);
            Text("null-literal", "null", endpoint == "mvc" ? BodyMissing : BodyInvalid);
            Text("whitespace-only", "   \r\n  ", BodyInvalid);
            Text("property-name-100kb", "{\"" + s_hugeName + "\": tru", BodyInvalid);
            Text("property-name-100kb-valid-ignored", "{\"prompt\":\"a\",\"" + s_hugeName + "\":1}", Served());
            Text("value-100kb-wrong-type", "{\"prompt\":\"a\",\"max_tokens\":\"" + s_hugeName + "\"}", BodyInvalid);
            Text("hostile-property-name", "{\"\\u003cscript\\u003e\\r\\n\\\"x\\u0000\": tru", BodyInvalid);
            Text("hostile-property-name-wrong-type", "{\"prompt\":\"a\",\"messages\":[{\"role\":\"u\",\"<script>\\r\\n\":1}],\"max_tokens\":\"<b>\"}", BodyInvalid);
            Text("non-ascii-property-name", "{\"名前\u00e9\u202e\": tru", BodyInvalid);
            Text("non-ascii-property-name-ignored", "{\"prompt\":\"a\",\"名前\":1}", Served());
            Text("hostile-value-valid", "{\"prompt\":\"" + s_hostile + "\"}", Served());
            Text("validation-empty-prompt", "{\"prompt\":\"\"}", RequiredMissing);
            Text("validation-out-of-range", "{\"prompt\":\"a\",\"max_tokens\":99999}", ValidationFailed);
            Text("validation-nested-field", "{\"prompt\":\"a\",\"messages\":[{\"role\":\"" + "\"}]}", RequiredMissing);

            cases.Add(new(category, "empty-body-json", prefix => Build("POST", prefix + path, [("Content-Type", "application/json")], [], Framing.ContentLength), BodyMissing));
            cases.Add(new(category, "no-body-no-content-type", prefix => Build("POST", prefix + path, [("Content-Length", "0")]), BodyMissing));
            cases.Add(new(category, "text-plain-body", prefix => Build("POST", prefix + path, [("Content-Type", "text/plain")], Encoding.UTF8.GetBytes("{\"prompt\":\"a\"}")), UnsupportedMediaType));
            cases.Add(new(category, "xml-body", prefix => Build("POST", prefix + path, [("Content-Type", "application/xml")], Encoding.UTF8.GetBytes("<task><prompt>a</prompt></task>")), UnsupportedMediaType));
            cases.Add(new(category, "form-body", prefix => Build("POST", prefix + path, [("Content-Type", "application/x-www-form-urlencoded")], Encoding.UTF8.GetBytes("prompt=a")), UnsupportedMediaType));
            cases.Add(new(category, "hostile-content-type", prefix => Build("POST", prefix + path, [("Content-Type", "application/<script>; charset=\"x")], Encoding.UTF8.GetBytes("{\"prompt\":\"a\"}")), UnsupportedMediaType));
            cases.Add(new(category, "json-unknown-charset", prefix => Build("POST", prefix + path, [("Content-Type", "application/json; charset=klingon")], Encoding.UTF8.GetBytes("{\"prompt\":\"a\"}")), UnsupportedMediaType));
        }

        // Over-limit bodies: the upload route allows 4 KB, the server 1 MB.
        var limits = "limits";
        var overUpload = new byte[HostileApp.UploadLimit * 2];
        var overServer = Encoding.UTF8.GetBytes("{\"prompt\":\"" + new string('x', 1024 * 1024 + 16) + "\"}");
        cases.Add(new(limits, "upload-with-content-length", prefix => Build("POST", prefix + "/upload", [("Content-Type", "application/octet-stream")], overUpload), TooLarge));
        cases.Add(new(limits, "upload-chunked", prefix => Build("POST", prefix + "/upload", [("Content-Type", "application/octet-stream")], overUpload, Framing.Chunked), TooLarge));
        cases.Add(new(limits, "upload-expect-100-continue", prefix => Build("POST", prefix + "/upload", [("Content-Type", "application/octet-stream")], overUpload, expectContinue: true), TooLarge));
        cases.Add(new(limits, "upload-expect-100-continue-within", prefix => Build("POST", prefix + "/upload", [("Content-Type", "application/octet-stream")], new byte[1024], expectContinue: true), Served()));
        cases.Add(new(limits, "json-over-server-limit-with-content-length", prefix => Json(prefix + "/tasks", overServer), TooLarge));
        cases.Add(new(limits, "json-over-server-limit-chunked", prefix => Json(prefix + "/tasks", overServer, Framing.Chunked), TooLarge));
        cases.Add(new(limits, "mvc-json-over-server-limit-chunked", prefix => Json(prefix + "/mvc/tasks", overServer, Framing.Chunked), TooLarge));
        cases.Add(new(limits, "json-expect-100-continue-over-limit", prefix => Json(prefix + "/tasks", overServer, expectContinue: true), TooLarge));
        cases.Add(new(limits, "content-length-lies-short", prefix => new HostileRequest(
            Encoding.ASCII.GetBytes($"POST {prefix}/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n"),
            Encoding.UTF8.GetBytes("{\"prompt\":\"a\"}")), BodyInvalid));
        cases.Add(new(limits, "content-length-invalid", prefix => Build("POST", prefix + "/tasks", [("Content-Type", "application/json"), ("Content-Length", "-1")], framing: Framing.None), ServerOwn(400)));
        cases.Add(new(limits, "content-length-and-chunked", prefix => Build("POST", prefix + "/tasks", [("Content-Type", "application/json"), ("Content-Length", "3")], Encoding.UTF8.GetBytes("{\"prompt\":\"a\"}"), Framing.Chunked), Served()));

        // Slow uploads, bounded: about 2 s each.
        var slow = "slow";
        cases.Add(new(slow, "trickled-within-limit", prefix => Build("POST", prefix + "/upload", [("Content-Type", "application/octet-stream")], new byte[3072], trickle: new Trickle(256, TimeSpan.FromMilliseconds(150))), Served()));
        cases.Add(new(slow, "trickled-over-limit-chunked", prefix => Build("POST", prefix + "/upload", [("Content-Type", "application/octet-stream")], new byte[HostileApp.UploadLimit + 2048], Framing.Chunked, trickle: new Trickle(600, TimeSpan.FromMilliseconds(100))), TooLarge));
        cases.Add(new(slow, "trickled-json", prefix => Json(prefix + "/tasks", Encoding.UTF8.GetBytes("{\"prompt\":\"" + new string('x', 2000) + "\"}"), trickle: new Trickle(250, TimeSpan.FromMilliseconds(100))), Served()));
        cases.Add(new(slow, "trickled-malformed-json", prefix => Json(prefix + "/tasks", Encoding.UTF8.GetBytes("{\"prompt\":\"" + new string('x', 2000) + "\"}}}"), trickle: new Trickle(250, TimeSpan.FromMilliseconds(100))), BodyInvalid));

        // Query strings, route values, paths and instance.
        var query = "query-path";
        cases.Add(new(query, "query-64kb", prefix => Build("GET", prefix + "/search?page=1&q=" + new string('q', 64 * 1024)), ServerOwn(414)));
        cases.Add(new(query, "query-6kb-value-wrong-type", prefix => Build("GET", prefix + "/search?q=a&page=" + new string('9', 6 * 1024)), BodyInvalid));
        cases.Add(new(query, "query-6kb-name", prefix => Build("GET", prefix + "/search?page=1&q=a&" + new string('k', 6 * 1024) + "=1"), Served()));
        cases.Add(new(query, "query-hostile-value", prefix => Build("GET", prefix + "/search?q=a&page=%3Cscript%3E%22%27%0D%0A%00%07"), BodyInvalid));
        cases.Add(new(query, "query-invalid-utf8", prefix => Build("GET", prefix + "/search?q=a&page=%FF%FE"), BodyInvalid));
        cases.Add(new(query, "query-missing-required", prefix => Build("GET", prefix + "/search?page=1"), RequiredMissing));
        cases.Add(new(query, "route-value-hostile", prefix => Build("GET", prefix + "/items/%3Cscript%3E%22%0D%0A%07"), BodyInvalid));
        cases.Add(new(query, "route-value-invalid-utf8", prefix => Build("GET", prefix + "/items/%FF"), BodyInvalid));
        cases.Add(new(query, "route-value-non-ascii", prefix => Build("GET", prefix + "/items/%E5%90%8D%E2%80%AE"), BodyInvalid));
        cases.Add(new(query, "path-hostile-404", prefix => Build("GET", prefix + "/nope/%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%0D%0A%07"), NotFound));
        cases.Add(new(query, "path-6kb-404", prefix => Build("GET", prefix + "/" + new string('p', 6 * 1024)), NotFound));
        cases.Add(new(query, "path-non-ascii-404", prefix => Build("GET", prefix + "/%E5%90%8D%E5%89%8D/%F0%9F%92%A5"), NotFound));
        cases.Add(new(query, "path-dot-dot-inside-prefix", prefix => Build("GET", prefix + "/x/../items/abc"), BodyInvalid));
        cases.Add(new(query, "path-encoded-dot-dot-inside-prefix", prefix => Build("GET", prefix + "/x/%2e%2e/nope"), NotFound));
        cases.Add(new(query, "path-dot-dot-out-of-prefix", prefix => Build("GET", prefix + "/../../etc/passwd"), NotFound) { DefaultDialect = true });
        cases.Add(new(query, "path-encoded-slash", prefix => Build("GET", prefix + "/items/..%2F..%2Fetc"), BodyInvalid));
        cases.Add(new(query, "path-nul-encoded", prefix => Build("GET", prefix + "/items/1%00"), ServerOwn(400)));
        cases.Add(new(query, "path-raw-invalid-utf8", prefix => new HostileRequest(
            [.. Encoding.ASCII.GetBytes($"GET {prefix}/items/"), 0xFF, .. Encoding.ASCII.GetBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")], []), ServerOwn(400)));
        cases.Add(new(query, "path-absolute-form", prefix => Build("GET", "http://127.0.0.1" + prefix + "/nope"), NotFound));
        cases.Add(new(query, "path-asterisk-form", _ => Build("GET", "*"), ServerOwn(405)));

        // Headers: request ids, CR/LF, missing Host.
        var headers = "headers";
        var longId = new string('r', 10 * 1024);
        cases.Add(new(headers, "request-id-10kb", prefix => Build("GET", prefix + "/nope", [("X-Request-Id", longId)]), NotFound) { ClientRequestId = longId });
        const string breakingId = "\"},{\"code\":0,\"x\":\"<script>\\";
        cases.Add(new(headers, "request-id-json-breaking", prefix => Build("GET", prefix + "/nope", [("X-Request-Id", breakingId)]), NotFound) { ClientRequestId = breakingId });
        cases.Add(new(headers, "request-id-json-breaking-on-validation", prefix => Build("POST", prefix + "/tasks", [("X-Request-Id", breakingId), ("Content-Type", "application/json")], Encoding.UTF8.GetBytes("{\"prompt\":\"\"}")), RequiredMissing) { ClientRequestId = breakingId });
        cases.Add(new(headers, "header-with-bare-cr", prefix => Build("GET", prefix + "/nope", [("X-Test", "a\rb")]), ServerOwn(400)));
        cases.Add(new(headers, "header-with-crlf-injection", prefix => Build("GET", prefix + "/nope", [("X-Test", "a\r\nX-Injected: 1\r\n\r\n<script>")]), NotFound));
        cases.Add(new(headers, "header-with-nul", prefix => Build("GET", prefix + "/nope", [("X-Test", "a\0b")]), ServerOwn(400)));
        cases.Add(new(headers, "header-name-with-space", prefix => Build("GET", prefix + "/nope", [("X Test", "a")]), ServerOwn(400)));
        cases.Add(new(headers, "missing-host", prefix => Build("GET", prefix + "/nope", host: false), ServerOwn(400)));
        cases.Add(new(headers, "headers-over-32kb", prefix => Build("GET", prefix + "/nope", [("X-Big", new string('h', 40 * 1024))]), ServerOwn(431)));

        // API keys and Authorization schemes.
        var auth = "auth";
        var bigKey = "sk-" + new string('k', 100 * 1024);
        var midKey = "sk-" + new string('k', 20 * 1024) + "<script>";
        cases.Add(new(auth, "missing", prefix => Build("GET", prefix + "/me"), AuthMissing));
        cases.Add(new(auth, "bearer-100kb", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer " + bigKey)]), ServerOwn(431)));
        cases.Add(new(auth, "x-api-key-100kb", prefix => Build("GET", prefix + "/me", [("X-Api-Key", bigKey)]), ServerOwn(431)));
        cases.Add(new(auth, "bearer-20kb-hostile", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer " + midKey)]), AuthInvalid) { Secret = midKey[..40] });
        cases.Add(new(auth, "x-api-key-20kb-hostile", prefix => Build("GET", prefix + "/me", [("X-Api-Key", midKey)]), AuthInvalid) { Secret = midKey[..40] });
        cases.Add(new(auth, "disabled-key-masked", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer " + DisabledKey)]), KeyUnavailable) { Secret = DisabledKey });
        cases.Add(new(auth, "unknown-key", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer sk-unknown-<script>\"-5555")]), AuthInvalid) { Secret = "sk-unknown" });
        cases.Add(new(auth, "basic-scheme", prefix => Build("GET", prefix + "/me", [("Authorization", "Basic dXNlcjpwYXNzd29yZA==")]), AuthInvalid) { Secret = "dXNlcjpwYXNzd29yZA==" });
        cases.Add(new(auth, "negotiate-scheme", prefix => Build("GET", prefix + "/me", [("Authorization", "Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag")]), AuthInvalid) { Secret = "YIIGhgYGKwYBBQUCoIIGejCCBnag" });
        cases.Add(new(auth, "digest-hostile-scheme", prefix => Build("GET", prefix + "/me", [("Authorization", "Digest username=\"<script>\", realm=\"\\\"}\"")]), AuthInvalid));
        cases.Add(new(auth, "bearer-empty", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer")]), AuthInvalid));
        cases.Add(new(auth, "bearer-spaces", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer    ")]), AuthInvalid));
        cases.Add(new(auth, "bearer-three-tokens", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer a b c")]), AuthInvalid));
        cases.Add(new(auth, "scheme-non-ascii", prefix => Build("GET", prefix + "/me", [("Authorization", "Bëarer " + ActiveKey)]), ServerOwn(400)) { Secret = ActiveKey });
        cases.Add(new(auth, "two-authorization-headers", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer " + ActiveKey), ("Authorization", "Bearer " + DisabledKey)]), Served()) { Secret = DisabledKey });
        cases.Add(new(auth, "active-key-served", prefix => Build("GET", prefix + "/me", [("Authorization", "Bearer " + ActiveKey)]), Served()));

        // Unusual methods.
        var methods = "methods";
        cases.Add(new(methods, "trace-on-post-route", prefix => Build("TRACE", prefix + "/tasks"), MethodNotAllowed));
        cases.Add(new(methods, "propfind-on-post-route", prefix => Build("PROPFIND", prefix + "/tasks", [("Depth", "1")]), MethodNotAllowed));
        cases.Add(new(methods, "propfind-on-mvc-route", prefix => Build("PROPFIND", prefix + "/mvc/tasks"), MethodNotAllowed));
        cases.Add(new(methods, "trace-unknown-path", prefix => Build("TRACE", prefix + "/nope"), NotFound));
        cases.Add(new(methods, "custom-method-token", prefix => Build("BREW", prefix + "/items/1"), MethodNotAllowed));
        cases.Add(new(methods, "method-with-hostile-chars", prefix => Build("GE<T", prefix + "/items/1"), ServerOwn(400)));
        cases.Add(new(methods, "delete-with-body", prefix => Build("DELETE", prefix + "/tasks", [("Content-Type", "application/json")], Encoding.UTF8.GetBytes("{\"prompt\":\"a\"}")), MethodNotAllowed));

        return cases;
    }
}
