namespace Skillgate.Platform.Localization;

/// <summary>
/// A closed set of codes (a status, a kind, a reason) shown to people as the texts <c>prefix.code</c>, declared once in the
/// owning module's contracts (ADR 0010). Pages and handlers look a code up through it (<c>t[Vocabulary, code]</c>) instead of
/// pasting the code into a text key, and <c>TextVocabularyTests</c> checks that every code of every vocabulary has its zh-CN
/// and en text.
/// </summary>
internal sealed class TextVocabulary(string prefix, params string[] codes)
{
    public string Prefix => prefix;

    public IReadOnlyList<string> Codes => codes;

    public bool Contains(string? code) => code is not null && codes.Contains(code, StringComparer.Ordinal);

    public string KeyOf(string code) => prefix + "." + code;
}
