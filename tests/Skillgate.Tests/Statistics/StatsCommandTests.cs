using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Effectiveness.Statistics;
using Skillgate.Platform;
using Xunit;

namespace Skillgate.Tests.Statistics;

/// <summary><c>Skillgate stats did</c> and <c>stats match</c> read a long CSV panel and print what the library computes on it.</summary>
public sealed class StatsCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("skillgate-stats-").FullName;

    [Fact]
    public async Task Did_on_a_csv_panel_prints_the_librarys_estimates()
    {
        var plant = new PlantSimulator(7, -0.3);
        var csv = Write(plant.Panel);
        var options = new AnalysisOptions { Match = true, Permutations = 19 };
        var expected = EffectAnalysis.Run(plant.Panel, options);

        var json = await JtrainGoldenTests.CommandAsync("stats", "did", "--csv", csv, "--unit", "operator", "--time", "week", "--y", "defect_rate",
            "--trained", "trained_week", "--stratum", "operation", "--tenure", "tenure", "--match", "yes", "--permutations", "19");

        json.GetProperty("units").GetInt32().Should().Be(PlantSimulator.Operators);
        json.GetProperty("staggered").GetProperty("estimate").GetDouble().Should().BeApproximately(expected.Did.Overall.Value, 1e-12);
        json.GetProperty("staggered").GetProperty("se").GetDouble().Should().BeApproximately(expected.Did.Overall.StandardError, 1e-12);
        json.GetProperty("two_way").GetProperty("estimate").GetDouble().Should().BeApproximately(expected.TwoWay.Value, 1e-12);
        json.GetProperty("permutation_p").GetDouble().Should().Be(expected.PermutationP!.Value);
        json.GetProperty("event_study").GetArrayLength().Should().Be(expected.Did.Events.Count);
        json.GetProperty("verdict").GetProperty("kind").GetString().Should().Be("lower");
        json.GetProperty("matching").GetProperty("treated_matched").GetInt32().Should().Be(expected.Match!.TreatedMatched);
    }

    [Fact]
    public async Task Match_prints_the_balance_table_and_who_was_compared_with_whom()
    {
        var plant = new PlantSimulator(8, -0.3);
        var csv = Write(plant.Panel);

        var json = await JtrainGoldenTests.CommandAsync("stats", "match", "--csv", csv, "--unit", "operator", "--time", "week", "--y", "defect_rate",
            "--trained", "trained_week", "--stratum", "operation", "--tenure", "tenure");

        var balance = json.GetProperty("balance").EnumerateArray().ToList();
        balance.Select(b => b.GetProperty("covariate").GetString()).Should().Equal("pre_outcome", "tenure");
        var pre = balance[0];
        Math.Abs(pre.GetProperty("smd_before").GetDouble()).Should().BeGreaterThan(0.5, "the worst operators were trained first");
        Math.Abs(pre.GetProperty("smd_after").GetDouble()).Should().BeLessThan(0.1, "matching on the pre-period outcome balances it");
        json.GetProperty("comparison").GetArrayLength().Should().Be(4, "each of the four training weeks has its own comparison operators");
    }

    [Fact]
    public async Task A_panel_without_the_named_column_is_refused()
    {
        var csv = Write(new PlantSimulator(9, 0).Panel);
        var output = new StringWriter();

        var code = await SkillgateApp.RunAsync(["stats", "did", "--csv", csv, "--unit", "operator", "--time", "week", "--y", "scrap", "--trained", "trained_week"], output);

        code.Should().Be(2);
        JsonDocument.Parse(output.ToString()).RootElement.GetProperty("error").GetString().Should().Contain("scrap");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(Panel panel)
    {
        var csv = new StringBuilder("operator,week,defect_rate,trained_week,operation,tenure\n");
        foreach (var unit in panel.Units)
        {
            for (var t = 0; t < panel.Periods; t++)
            {
                var y = double.IsNaN(unit.Y[t]) ? "" : unit.Y[t].ToString("R", CultureInfo.InvariantCulture);
                csv.Append(CultureInfo.InvariantCulture, $"{unit.Id},{t},{y},{unit.Trained},{unit.Stratum},{unit.Tenure:R}\n");
            }
        }

        var path = Path.Combine(folder, $"panel-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
