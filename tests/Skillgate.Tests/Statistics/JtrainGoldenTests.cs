using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Effectiveness.Statistics;
using Skillgate.Platform;
using Xunit;

namespace Skillgate.Tests.Statistics;

/// <summary>
/// The regression engine against published results (Wooldridge, Example 14.1, on the jtrain data; Datasets/SOURCES.md), through
/// the <c>Skillgate stats regress</c> command and through the library, to three significant digits.
/// </summary>
public sealed class JtrainGoldenTests
{
    private static readonly string Csv = Path.Combine(AppContext.BaseDirectory, "Datasets", "jtrain.csv");

    [Theory]
    [InlineData("nested", 0.143, 0.282)]
    [InlineData("counted", 0.176, 0.347)]
    public async Task Firm_effects_give_the_published_estimates_and_clustered_errors_under_both_rules(string rule, double grantSe, double grant1Se)
    {
        var json = await CommandAsync("stats", "regress", "--csv", Csv, "--y", "lscrap", "--x", "d88,d89,grant,grant_1", "--fe", "fcode",
            "--cluster", "fcode", "--dof-rule", rule);

        json.GetProperty("n").GetInt32().Should().Be(162);
        json.GetProperty("clusters").GetInt32().Should().Be(54);
        var grant = Coefficient(json, "grant");
        var grant1 = Coefficient(json, "grant_1");
        Sig3(grant.GetProperty("estimate").GetDouble()).Should().Be(-0.252);
        Sig3(grant.GetProperty("usual").GetProperty("se").GetDouble()).Should().Be(0.151);
        Sig3(grant1.GetProperty("estimate").GetDouble()).Should().Be(-0.422);
        Sig3(grant1.GetProperty("usual").GetProperty("se").GetDouble()).Should().Be(0.210);
        Sig3(grant.GetProperty("clustered").GetProperty("se").GetDouble()).Should().Be(grantSe);
        Sig3(grant1.GetProperty("clustered").GetProperty("se").GetDouble()).Should().Be(grant1Se);
    }

    [Fact]
    public async Task The_first_difference_gives_the_published_estimate()
    {
        var json = await CommandAsync("stats", "regress", "--csv", Csv, "--y", "clscrap", "--x", "cgrant", "--where", "year=1988");

        json.GetProperty("n").GetInt32().Should().Be(54);
        var cgrant = Coefficient(json, "cgrant");
        Sig3(cgrant.GetProperty("estimate").GetDouble()).Should().Be(-0.317);
        Sig3(cgrant.GetProperty("usual").GetProperty("se").GetDouble()).Should().Be(0.164);
    }

    [Fact]
    public void The_library_gives_the_same_figures()
    {
        using var reader = new StreamReader(Csv);
        var table = CsvTable.Read(reader);
        var rows = table.Rows.Where(r => CsvTable.TryNumber(r[table.Column("lscrap")], out _)).ToList();
        double[] Column(string name) => rows.Select(r => double.Parse(r[table.Column(name)], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var firm = Levels.Code(rows.Select(r => r[table.Column("fcode")]).ToList());
        var input = new RegressionInput(Column("lscrap"), [("d88", Column("d88")), ("d89", Column("d89")), ("grant", Column("grant")), ("grant_1", Column("grant_1"))], [firm], firm);

        var nested = LinearModel.Fit(input, DofRule.Nested);
        var counted = LinearModel.Fit(input, DofRule.Counted);

        Sig3(nested["grant"].Estimate).Should().Be(-0.252);
        Sig3(nested["grant_1"].Usual.StandardError).Should().Be(0.210);
        Sig3(nested["grant"].Clustered!.StandardError).Should().Be(0.143);
        Sig3(nested["grant_1"].Clustered!.StandardError).Should().Be(0.282);
        Sig3(counted["grant"].Clustered!.StandardError).Should().Be(0.176);
        Sig3(counted["grant_1"].Clustered!.StandardError).Should().Be(0.347);
        nested.Absorbed.Should().Be(54);
        nested.ClusterParameters.Should().Be(4, "the firm effects are nested in the firm clusters");
        counted.ClusterParameters.Should().Be(58);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_exit_code_2()
    {
        var output = new StringWriter();
        var code = await SkillgateApp.RunAsync(["stats", "regress", "--csv", Csv, "--y", "lscrap", "--x", "no_such_column"], output);

        code.Should().Be(2);
        JsonDocument.Parse(output.ToString()).RootElement.GetProperty("error").GetString().Should().Contain("no_such_column");

        output = new StringWriter();
        code = await SkillgateApp.RunAsync(["stats", "regress", "--csv", Csv, "--y", "lscrap", "--x", "grant,grant", "--fe", "fcode"], output);
        code.Should().Be(2);
        JsonDocument.Parse(output.ToString()).RootElement.GetProperty("error").GetString().Should().Contain("collinear");
    }

    internal static async Task<JsonElement> CommandAsync(params string[] args)
    {
        var output = new StringWriter();
        var code = await SkillgateApp.RunAsync(args, output);
        code.Should().Be(0, output.ToString());
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }

    private static JsonElement Coefficient(JsonElement json, string name) =>
        json.GetProperty("coefficients").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static double Sig3(double value) => double.Parse(value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
