using System.Text.Encodings.Web;

namespace ErrorMiddleware;

/// <summary>
/// The encoder of every error body: messages keep their characters (<c>'prompt'</c>, not <c>\u0027prompt\u0027</c>;
/// non-ASCII text as UTF-8), while <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> are still escaped so an error body
/// never carries markup, and control characters, quotes and backslashes are escaped as JSON requires.
/// </summary>
/// <remarks>
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> does the work; this type adds the HTML-sensitive
/// characters back. Error bodies are always sent as JSON with <c>X-Content-Type-Options: nosniff</c>.
/// </remarks>
internal sealed class ErrorJsonEncoder : JavaScriptEncoder
{
    public static readonly ErrorJsonEncoder Instance = new();

    private static readonly JavaScriptEncoder s_relaxed = UnsafeRelaxedJsonEscaping;

    private ErrorJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => Math.Max(s_relaxed.MaxOutputCharactersPerInputCharacter, 6);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var relaxed = s_relaxed.FindFirstCharacterToEncode(text, textLength);
        var searched = relaxed < 0 ? textLength : relaxed;
        var html = new ReadOnlySpan<char>(text, searched).IndexOfAny('<', '>', '&');
        return html >= 0 ? html : relaxed;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (IsHtmlSensitive(unicodeScalar))
        {
            if (bufferLength < 6)
            {
                numberOfCharactersWritten = 0;
                return false;
            }

            var escaped = unicodeScalar switch
            {
                '<' => "\\u003C",
                '>' => "\\u003E",
                _ => "\\u0026",
            };
            escaped.AsSpan().CopyTo(new Span<char>(buffer, 6));
            numberOfCharactersWritten = 6;
            return true;
        }

        return s_relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
    }

    public override bool WillEncode(int unicodeScalar) => IsHtmlSensitive(unicodeScalar) || s_relaxed.WillEncode(unicodeScalar);

    private static bool IsHtmlSensitive(int unicodeScalar) => unicodeScalar is '<' or '>' or '&';
}
