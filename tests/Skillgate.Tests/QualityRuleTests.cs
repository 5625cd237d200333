using System.Text;
using FluentAssertions;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Statistics;
using Skillgate.Platform.Web;
using Xunit;

namespace Skillgate.Tests;

/// <summary>The control-chart and trend rules, periods and CSV reading, without a database.</summary>
public sealed class QualityRuleTests
{
    [Fact]
    public void P_chart_limits_follow_the_subgroup_size_and_rule_1_flags_a_point_beyond_3_sigma()
    {
        var chart = ControlChart.PChart([(10, 1000), (10, 1000), (12, 1000), (9, 1000), (40, 1000), (35, 4000)], new Baseline(0, 6));
        var center = 116.0 / 9000;
        chart[0].Center.Should().BeApproximately(center, 1e-12);
        chart[0].Upper.Should().BeApproximately(center + (3 * Math.Sqrt(center * (1 - center) / 1000)), 1e-12);
        chart[5].Upper.Should().BeLessThan(chart[0].Upper, "a bigger subgroup has narrower limits");
        chart[4].Rules.Should().Equal(1);
        chart.Where((_, i) => i != 4).Should().OnlyContain(p => !p.Rules.Contains(1));
        ControlChart.PChart([(0, 0), (0, 0)]).Should().OnlyContain(p => p.Rules.Count == 0 && p.P == 0, "empty periods are not signals");
        ControlChart.PChart([(30, 10), (5, 10)]).Should().OnlyContain(p => double.IsFinite(p.Upper) && double.IsFinite(p.Lower) && p.P <= 1,
            "defects outnumbering units (several defect types on one unit) cap at 1 instead of breaking the limits");
    }

    [Fact]
    public void The_default_baseline_is_the_stable_start_so_the_start_is_not_flagged_and_the_shift_is()
    {
        // Six stable months at 1 %, then a rise: limits from all twelve would put the stable start 3σ below the centre line.
        (long, long)[] months = [(10, 1000), (11, 1000), (9, 1000), (10, 1000), (12, 1000), (10, 1000), (20, 1000), (30, 1000), (40, 1000), (50, 1000), (60, 1000), (70, 1000)];
        ControlChart.PChart(months, new Baseline(0, 12)).Take(6).Should().Contain(p => p.Rules.Count > 0, "an average that contains the shift misjudges the start");

        ControlChart.DefaultBaseline(months).Should().Be(new Baseline(0, 6));
        var chart = ControlChart.PChart(months);
        chart.Take(6).Should().OnlyContain(p => p.Rules.Count == 0 && p.InBaseline);
        chart.Skip(6).Should().OnlyContain(p => p.Rules.Contains(1) && !p.InBaseline);
        chart[0].Center.Should().BeApproximately(62.0 / 6000, 1e-12);

        var stable = Enumerable.Range(0, 18).Select(i => ((long)(10 + (i % 3)), 1000L)).ToArray();
        ControlChart.DefaultBaseline(stable).Should().Be(new Baseline(0, 12), "a stable process takes the first twelve periods");
        ControlChart.PChart(months, new Baseline(6, 6)).Take(6).Should().OnlyContain(p => p.Rules.Contains(1), "a baseline set by the user sets the limits");
    }

    [Theory]
    [InlineData(new[] { 0.0, 0.0, 2.5, 0.3, 2.2 }, 4, 2)]
    [InlineData(new[] { 0.0, 1.5, 1.2, 0.2, 1.8, 1.1 }, 5, 3)]
    [InlineData(new[] { 0.1, 0.2, 0.3, 0.1, 0.5, 0.2, 0.4, 0.3 }, 7, 4)]
    [InlineData(new[] { -0.1, -0.2, -0.3, -0.1, -0.5, -0.2, -0.4, -0.3 }, 7, 4)]
    public void Western_electric_run_rules_2_to_4(double[] z, int at, int rule)
    {
        ControlChart.Rules(z, at).Should().Contain(rule);
        ControlChart.Rules(z, at - 1).Should().NotContain(rule);
    }

    [Fact]
    public void Rule_2_needs_the_points_on_the_same_side()
    {
        ControlChart.Rules([0.0, -2.5, 0.3, 2.2], 3).Should().NotContain(2);
        ControlChart.Rules([0.1, 0.2, -0.3, 0.1, 0.5, 0.2, 0.4, 0.3], 7).Should().NotContain(4);
    }

    [Theory]
    [InlineData(new[] { 1.0, 1.5, 2.0, 2.6 }, 3, true)]
    [InlineData(new[] { 1.0, 1.5, 1.5, 2.6 }, 3, false)]
    [InlineData(new[] { 1.0, 1.0, 1.0, 1.0 }, 3, false)]
    [InlineData(new[] { 3.0, 1.0, 1.5, 2.0 }, 2, true)]
    [InlineData(new[] { 1.5, 2.0 }, 3, false)]
    public void Rising_means_each_of_the_last_n_periods_above_the_one_before(double[] values, int periods, bool rising) =>
        ControlChart.Rising(values, periods).Should().Be(rising);

    [Fact]
    public void Periods_start_on_monday_or_the_first_of_the_month()
    {
        Periods.Start("week", new DateOnly(2026, 11, 22)).Should().Be(new DateOnly(2026, 11, 16), "a Sunday belongs to the week from Monday");
        Periods.Start("week", new DateOnly(2026, 11, 16)).Should().Be(new DateOnly(2026, 11, 16));
        Periods.Start("month", new DateOnly(2026, 11, 22)).Should().Be(new DateOnly(2026, 11, 1));
        Periods.Between("month", new DateOnly(2026, 7, 15), new DateOnly(2026, 10, 31)).Should().HaveCount(4);
        Periods.Back("month", new DateOnly(2026, 10, 31), 3).Should().Be(new DateOnly(2026, 7, 1));
    }

    [Fact]
    public void Csv_reads_quotes_doubled_quotes_line_breaks_and_chinese_excel_encoding()
    {
        var rows = Csv("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3", XlsxLimits.Default);
        rows.Select(r => r.Number).Should().Equal(1, 2, 4);
        rows[1][0].Should().Be("x, y");
        rows[1][1].Should().Be("say \"hi\"");
        rows[1][2].Should().Be("two\nlines");
        rows[2][1].Should().BeNull();
        rows[2][2].Should().Be("3");

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB18030").GetBytes("工号,缺陷类型\n");
        CsvReader.EncodingOf(gb)!.GetString(gb).Should().Be("工号,缺陷类型\n");
        byte[] bom = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("工号")];
        new StreamReader(new MemoryStream(bom), CsvReader.EncodingOf(bom)!, detectEncodingFromByteOrderMarks: false).ReadToEnd().Should().Be("工号", "the byte order mark is skipped");
        CsvReader.EncodingOf([0x41, 0x00, 0x42]).Should().BeNull("NUL bytes mean it is not text");
    }

    [Fact]
    public void Csv_past_the_row_or_column_limit_is_refused_while_it_is_read()
    {
        var limits = XlsxLimits.Default with { MaxRows = 3, MaxColumns = 4 };
        Csv("a,b,c,d\n1,2,3,4\n\n", limits).Should().HaveCount(3, "within both limits");
        var rows = () => Csv("a\nb\nc\nd\n", limits);
        rows.Should().Throw<ValidationFailedException>().Which.Errors["file"].Single().Should().Contain("3");
        var columns = () => Csv("a,b,c,d,e\n", limits);
        columns.Should().Throw<ValidationFailedException>().Which.Errors["file"].Single().Should().Contain("4");
    }

    private static List<XlsxRow> Csv(string text, XlsxLimits limits) => CsvReader.Rows(new StringReader(text), limits, new Texts()).ToList();
}
