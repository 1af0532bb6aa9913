using System.Net.Http.Headers;
using System.Text;
using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Sample;

/// <summary>
/// One <c>curl</c> of the sample's README table (<c>samples/SampleApi/README.md</c>), turned into an HTTP request.
/// Exactly the flags the table uses are supported (<c>-s</c>, <c>-o /dev/null</c>, <c>-X</c>, <c>-H</c>, <c>-d</c>, <c>--data-binary [@file]</c>), with
/// curl's own defaults (a body makes it a POST; <c>-d</c> without a Content-Type is form-urlencoded); anything else
/// fails, so the table cannot show a command this parser would misread. Commands may be chained with <c>&amp;&amp;</c>.
/// </summary>
internal sealed class CurlCommand
{
    public const string DocumentedAuthority = "localhost:5080";

    public required HttpMethod Method { get; init; }

    public required string PathAndQuery { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public byte[]? Body { get; init; }

    public bool DiscardsOutput { get; init; }

    public static IReadOnlyList<CurlCommand> ParseChain(string commandLine)
    {
        var commands = new List<CurlCommand>();
        var current = new List<string>();
        foreach (var token in Tokenize(commandLine))
        {
            if (token == "&&")
            {
                commands.Add(Parse(current));
                current = [];
            }
            else
            {
                current.Add(token);
            }
        }

        commands.Add(Parse(current));
        return commands;
    }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, PathAndQuery);
        string? contentType = null;
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException($"The header {name} cannot be sent on a request.");
            }
        }

        if (Body is not null || contentType is not null)
        {
            request.Content = new ByteArrayContent(Body ?? []);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }

        return request;
    }

    private static CurlCommand Parse(List<string> tokens)
    {
        if (tokens.Count == 0 || tokens[0] != "curl")
        {
            throw new InvalidOperationException("Each command must start with curl: " + string.Join(' ', tokens));
        }

        string? method = null;
        string? url = null;
        byte[]? body = null;
        var discard = false;
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token)
            {
                case "-s":
                    break;
                case "-o":
                    discard = Argument(tokens, ref i) == "/dev/null" ? true : throw new InvalidOperationException("Only -o /dev/null is supported.");
                    break;
                case "-X":
                    method = Argument(tokens, ref i);
                    break;
                case "-H":
                    var header = Argument(tokens, ref i);
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d":
                    var data = Argument(tokens, ref i);
                    body = data.StartsWith('@') ? throw new InvalidOperationException("Use --data-binary @file: -d @file strips line breaks.") : Encoding.UTF8.GetBytes(data);
                    break;
                case "--data-binary":
                    var binary = Argument(tokens, ref i);
                    body = binary.StartsWith('@') ? File.ReadAllBytes(RepoPaths.Combine(binary[1..])) : Encoding.UTF8.GetBytes(binary);
                    break;
                default:
                    if (token.StartsWith('-') || url is not null)
                    {
                        throw new InvalidOperationException($"Unsupported curl argument '{token}'.");
                    }

                    url = token;
                    break;
            }
        }

        var uri = new Uri("http://" + (url ?? throw new InvalidOperationException("The curl has no URL.")));
        if (uri.Authority != DocumentedAuthority)
        {
            throw new InvalidOperationException($"The curl must target {DocumentedAuthority}, the address the sample README documents: {url}");
        }

        if (body is not null && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Type", "application/x-www-form-urlencoded"));
        }

        return new CurlCommand
        {
            Method = new HttpMethod(method ?? (body is null ? "GET" : "POST")),
            PathAndQuery = uri.PathAndQuery,
            Headers = headers,
            Body = body,
            DiscardsOutput = discard,
        };
    }

    private static string Argument(List<string> tokens, ref int i) =>
        ++i < tokens.Count ? tokens[i] : throw new InvalidOperationException($"{tokens[i - 1]} needs an argument.");

    /// <summary>Splits like a POSIX shell: single quotes verbatim, double quotes with <c>\</c> escapes, bare words.</summary>
    internal static List<string> Tokenize(string commandLine)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }

                continue;
            }

            inToken = true;
            if (c == '\'')
            {
                var close = commandLine.IndexOf('\'', i + 1);
                if (close < 0)
                {
                    throw new InvalidOperationException("Unterminated ' in: " + commandLine);
                }

                current.Append(commandLine, i + 1, close - i - 1);
                i = close;
            }
            else if (c == '"')
            {
                for (i++; i < commandLine.Length && commandLine[i] != '"'; i++)
                {
                    current.Append(commandLine[i] == '\\' && i + 1 < commandLine.Length ? commandLine[++i] : commandLine[i]);
                }

                if (i >= commandLine.Length)
                {
                    throw new InvalidOperationException("Unterminated \" in: " + commandLine);
                }
            }
            else if (c == '\\' && i + 1 < commandLine.Length)
            {
                current.Append(commandLine[++i]);
            }
            else if (c == '&' && i + 1 < commandLine.Length && commandLine[i + 1] == '&')
            {
                current.Append("&&");
                i++;
            }
            else if (c is '|' or ';' or '>' or '<' or '`' or '$' or '&')
            {
                throw new InvalidOperationException($"Unsupported shell syntax '{c}' in: {commandLine}");
            }
            else
            {
                current.Append(c);
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
