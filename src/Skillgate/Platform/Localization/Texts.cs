using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Skillgate.Platform.Localization;

/// <summary>
/// Every string a user sees, in en and zh-CN, from the embedded <c>texts.{culture}.json</c> files each module keeps beside its
/// code (<c>Modules/&lt;M&gt;/texts.zh-CN.json</c> and <c>texts.en.json</c>; shared ones in <c>Platform/Localization</c>). A key is
/// defined in one file only; a missing key shows as the key itself, and a test keeps each pair of files on the same keys.
/// </summary>
internal sealed class Texts : IStringLocalizer
{
    public static readonly string[] Cultures = ["zh-CN", "en"];

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byCulture;

    public Texts()
    {
        _byCulture = Cultures.ToFrozenDictionary(c => c, Load, StringComparer.OrdinalIgnoreCase);
    }

    public static string CultureOf(CultureInfo culture) =>
        culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";

    /// <summary>The UI culture of a user's language preference (Chinese unless they chose English).</summary>
    public static string CultureOfReader(string? language) =>
        string.IsNullOrEmpty(language) || language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";

    public static bool IsChinese => CultureOf(CultureInfo.CurrentUICulture) == "zh-CN";

    public IReadOnlyDictionary<string, string> For(string culture) => _byCulture[culture];

    public LocalizedString this[string name]
    {
        get
        {
            var found = _byCulture[CultureOf(CultureInfo.CurrentUICulture)].TryGetValue(name, out var value);
            return new LocalizedString(name, value ?? name, resourceNotFound: !found);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var s = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, s.Value, arguments), s.ResourceNotFound);
        }
    }

    /// <summary>The text of a code of a vocabulary; a code outside it shows as itself.</summary>
    public LocalizedString this[TextVocabulary vocabulary, string? code] =>
        vocabulary.Contains(code) ? this[vocabulary.KeyOf(code!)] : new LocalizedString(vocabulary.Prefix, code ?? "", resourceNotFound: true);

    /// <summary>The text of a numbered code (a weekday, a control-chart rule).</summary>
    public LocalizedString this[TextVocabulary vocabulary, int code] => this[vocabulary, code.ToString(CultureInfo.InvariantCulture)];

    public LocalizedString this[TextVocabulary vocabulary, string? code, params object[] arguments]
    {
        get
        {
            var s = this[vocabulary, code];
            return new LocalizedString(s.Name, string.Format(CultureInfo.CurrentCulture, s.Value, arguments), s.ResourceNotFound);
        }
    }

    /// <summary>The text of a code of a vocabulary in a given language.</summary>
    public string In(string? culture, TextVocabulary vocabulary, string code) => vocabulary.Contains(code) ? In(culture, vocabulary.KeyOf(code)) : code;

    /// <summary>A text in a given language (zh-CN or en, as a user's preference says), e.g. for a notification to someone else.</summary>
    public string In(string? culture, string name, params object[] arguments)
    {
        var texts = _byCulture[CultureOfReader(culture)];
        return string.Format(CultureInfo.InvariantCulture, texts.TryGetValue(name, out var value) ? value : name, arguments);
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _byCulture[CultureOf(CultureInfo.CurrentUICulture)].Select(kv => new LocalizedString(kv.Key, kv.Value));

    private static FrozenDictionary<string, string> Load(string culture)
    {
        var assembly = typeof(Texts).Assembly;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith($".texts.{culture}.json", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [])
            {
                if (!map.TryAdd(key, value))
                {
                    throw new InvalidOperationException($"The text '{key}' is defined twice ({name} and another texts.{culture}.json)");
                }
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
