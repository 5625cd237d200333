using System.Text.RegularExpressions;
using FluentAssertions;
using Skillgate.Platform.Localization;
using Xunit;

namespace Skillgate.Tests.Walls;

/// <summary>
/// Vocabulary as data (issue 25): every sector token in the texts names a known term, every hospital rewording rewords a text
/// that exists with the same placeholders, and with the hospital's words no text (every text, including ones added later)
/// says a manufacturing word.
/// </summary>
public sealed partial class SectorTextTests
{
    /// <summary>The words a nurse must never read (the browser crawl of the hospital demo checks the pages with the same lists).</summary>
    public static readonly string[] ManufacturingZh =
        ["车间", "产线", "批次", "批号", "工序", "缺陷", "次品", "生产", "工艺", "班组", "工厂", "焊接", "工作中心", "作业指导书", "良率", "返工", "来料"];

    public static readonly string[] ManufacturingEn =
        ["workshop", "production", "batch", "batches", "defect", "defects", "defective", "welding", "weld", "plant", "plants", "work centre", "shop floor", "scrap", "rework", "first-pass yield"];

    [Fact]
    public void Every_token_names_a_known_term_and_the_manufacturing_texts_have_none_left()
    {
        var texts = new Texts();
        foreach (var culture in Texts.Cultures)
        {
            var unknown = texts.Raw(culture).Concat(texts.Overlay(culture))
                .SelectMany(kv => SectorTokens.TermsIn(kv.Value).Where(term => !SectorTerms.Codes.Contains(term)).Select(term => $"{kv.Key}: {term}"));
            unknown.Should().BeEmpty();
            texts.For(culture).Where(kv => kv.Value.Contains("[[", StringComparison.Ordinal)).Select(kv => kv.Key).Should().BeEmpty();
        }
    }

    [Fact]
    public void Each_hospital_rewording_rewords_an_existing_text_in_both_languages_with_its_placeholders()
    {
        var texts = new Texts();
        texts.Overlay("zh-CN").Keys.Should().BeEquivalentTo(texts.Overlay("en").Keys);
        foreach (var culture in Texts.Cultures)
        {
            foreach (var (key, value) in texts.Overlay(culture))
            {
                texts.Raw(culture).Should().ContainKey(key);
                Placeholders(value).Should().BeEquivalentTo(Placeholders(texts.Raw(culture)[key]), $"{culture} {key} keeps the text's placeholders");
            }
        }
    }

    [Fact]
    public void No_text_says_a_manufacturing_word_to_a_hospital()
    {
        var texts = new Texts();
        texts.Use(SectorTerms.HospitalWords);
        var zh = texts.For("zh-CN").Where(kv => ManufacturingZh.Any(w => kv.Value.Contains(w, StringComparison.Ordinal))).Select(kv => $"{kv.Key}: {kv.Value}");
        var en = texts.For("en").Where(kv => ManufacturingEn.Any(w => Regex.IsMatch(kv.Value, $@"\b{Regex.Escape(w)}\b", RegexOptions.IgnoreCase))).Select(kv => $"{kv.Key}: {kv.Value}");
        zh.Concat(en).Should().BeEmpty();
        texts.For("zh-CN")["role.ProductionManager"].Should().Be("科室主任");
    }

    [Theory]
    [InlineData("[[a:defect]] was found", "manufacturing", "a defect was found")]
    [InlineData("[[a:defect]] was found", "hospital", "an adverse event was found")]
    [InlineData("[[Defect:pl]] per [[batch]]", "manufacturing", "Defects per batch")]
    [InlineData("[[Defect:pl]] per [[batch]]", "hospital", "Adverse events per case")]
    [InlineData("[[A:batch]] of {0} [[batch:pl]]", "hospital", "A case of {0} cases")]
    [InlineData("[[unknown]] stays", "hospital", "[[unknown]] stays")]
    public void A_token_takes_the_form_it_asks_for(string text, string sector, string expected)
    {
        SectorTokens.Fill(text, "en", SectorTerms.Preset(sector)).Should().Be(expected);
        SectorTokens.Fill("[[a:defect]]率", "zh-CN", SectorTerms.Preset(sector)).Should().Be(sector == "hospital" ? "不良事件率" : "缺陷率");
    }

    private static List<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex PlaceholderPattern();
}
