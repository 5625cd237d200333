using System.Globalization;
using System.Text.RegularExpressions;

namespace Skillgate.Platform.Localization;

/// <summary>
/// Fills a text's sector tokens: <c>[[term]]</c> the word, <c>[[term:pl]]</c> its English plural, <c>[[a:term]]</c> with the
/// English indefinite article; a token spelled with a capital (<c>[[Defect]]</c>, <c>[[A:batch]]</c>) starts with one.
/// Chinese has one form for all of them.
/// </summary>
internal static partial class SectorTokens
{
    [GeneratedRegex(@"\[\[(?<a>[aA]:)?(?<term>[A-Za-z_]+)(?<pl>:pl)?\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    public static bool HasTokens(string text) => text.Contains("[[", StringComparison.Ordinal);

    /// <summary>The term codes a text uses (lower case), to check that each is a known term.</summary>
    public static IEnumerable<string> TermsIn(string text) =>
        Token().Matches(text).Select(m => m.Groups["term"].Value.ToLowerInvariant());

    public static string Fill(string text, string culture, SectorWords words) => !HasTokens(text) ? text : Token().Replace(text, m =>
    {
        var code = m.Groups["term"].Value;
        if (!words.Terms.TryGetValue(code.ToLowerInvariant(), out var term))
        {
            return m.Value;
        }

        if (culture == "zh-CN")
        {
            return term.Zh;
        }

        var word = m.Groups["pl"].Success ? term.EnPlural : term.En;
        var article = m.Groups["a"].Success;
        if (article)
        {
            word = ("aeiou".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? "an " : "a ") + word;
        }

        var capital = article ? char.IsUpper(m.Groups["a"].Value[0]) : char.IsUpper(code[0]);
        return capital ? char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..] : word;
    });
}
