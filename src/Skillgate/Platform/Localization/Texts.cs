using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Skillgate.Platform.Localization;

/// <summary>
/// Every string a user sees, in en and zh-CN, from the embedded <c>texts.{culture}.json</c> files each module keeps beside its
/// code (<c>Modules/&lt;M&gt;/texts.zh-CN.json</c> and <c>texts.en.json</c>; shared ones in <c>Platform/Localization</c>). A key is
/// defined in one file only; a missing key shows as the key itself, and a test keeps each pair of files on the same keys.
/// A sector may reword a text in <c>texts.&lt;sector&gt;.{culture}.json</c> beside it, and every text's sector tokens are
/// filled with the organisation's words (<see cref="SectorTerms"/>, issue 25).
/// </summary>
internal sealed class Texts : IStringLocalizer
{
    public static readonly string[] Cultures = ["zh-CN", "en"];

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _raw;
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _hospital;
    private FrozenDictionary<string, FrozenDictionary<string, string>> _byCulture;

    public Texts()
    {
        _raw = Cultures.ToFrozenDictionary(c => c, c => Load($".texts.{c}.json"), StringComparer.OrdinalIgnoreCase);
        _hospital = Cultures.ToFrozenDictionary(c => c, c => Load($".texts.{SectorTerms.Hospital}.{c}.json"), StringComparer.OrdinalIgnoreCase);
        Words = SectorTerms.ManufacturingWords;
        _byCulture = Resolve(Words);
    }

    /// <summary>The words the texts use now.</summary>
    public SectorWords Words { get; private set; }

    /// <summary>The texts before a sector's words fill them (for the tests that check every token).</summary>
    public IReadOnlyDictionary<string, string> Raw(string culture) => _raw[culture];

    /// <summary>A sector's rewording of texts (for the tests that check each overlay key exists).</summary>
    public IReadOnlyDictionary<string, string> Overlay(string culture) => _hospital[culture];

    /// <summary>Switches every text to the organisation's words (at start and whenever an administrator changes them).</summary>
    public void Use(SectorWords words)
    {
        if (words.SameAs(Words))
        {
            return;
        }

        _byCulture = Resolve(words);
        Words = words;
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

    private FrozenDictionary<string, FrozenDictionary<string, string>> Resolve(SectorWords words) => Cultures.ToFrozenDictionary(
        c => c,
        c => _raw[c].ToFrozenDictionary(
            kv => kv.Key,
            kv => SectorTokens.Fill(
                words.Sector == SectorTerms.Hospital && _hospital[c].TryGetValue(kv.Key, out var reworded) ? reworded : kv.Value, c, words),
            StringComparer.Ordinal),
        StringComparer.OrdinalIgnoreCase);

    private static FrozenDictionary<string, string> Load(string suffix)
    {
        var assembly = typeof(Texts).Assembly;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(suffix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [])
            {
                if (!map.TryAdd(key, value))
                {
                    throw new InvalidOperationException($"The text '{key}' is defined twice ({name} and another file ending {suffix})");
                }
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
