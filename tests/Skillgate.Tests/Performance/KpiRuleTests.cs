using FluentAssertions;
using Skillgate.Modules.Performance.Metrics;
using Skillgate.Modules.Performance.Periods;
using Xunit;

namespace Skillgate.Tests.Performance;

/// <summary>How a score follows from its numbers, how facts sum to each level, and which days a period covers — without a database.</summary>
public sealed class KpiRuleTests
{
    private static readonly Guid Group = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Plant = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Line = Guid.Parse("00000000-0000-0000-0000-000000000003");
    private static readonly Guid Purchasing = Guid.Parse("00000000-0000-0000-0000-000000000004");
    private static readonly Guid Welder = Guid.Parse("00000000-0000-0000-0000-000000000010");
    private static readonly Guid Alice = Guid.Parse("00000000-0000-0000-0000-000000000020");
    private static readonly Guid Bob = Guid.Parse("00000000-0000-0000-0000-000000000021");

    private static readonly OrgShape Org = new(
        new Dictionary<Guid, (Guid?, string[])>
        {
            [Group] = (null, ["management"]), [Plant] = (Group, ["production"]), [Line] = (Plant, ["production"]), [Purchasing] = (Plant, ["procurement"]),
        },
        new Dictionary<Guid, Guid?> { [Alice] = Welder, [Bob] = Welder });

    [Theory]
    [InlineData(20, 1000, "percent", 2.0)]
    [InlineData(25, 1500, "percent", 1.6667)]
    [InlineData(1, 3, "ppm", 333333.3333)]
    [InlineData(0, 10, "percent", 0)]
    public void A_value_is_the_ratio_scaled_and_rounded_to_four_decimals(int numerator, int denominator, string unit, double expected) =>
        ScoreMath.Value(numerator, denominator, unit).Should().Be((decimal)expected);

    [Fact]
    public void No_denominator_means_no_value_and_no_verdict()
    {
        ScoreMath.Value(5, 0, "percent").Should().BeNull();
        ScoreMath.Met(null, 2m, "lower").Should().BeNull();
    }

    [Fact]
    public void The_target_itself_is_met_from_either_side()
    {
        ScoreMath.Met(2.0m, 2.0m, "lower").Should().BeTrue();
        ScoreMath.Met(2.0001m, 2.0m, "lower").Should().BeFalse();
        ScoreMath.Met(100m, 100m, "higher").Should().BeTrue();
        ScoreMath.Met(99.9999m, 100m, "higher").Should().BeFalse();
    }

    [Fact]
    public void A_unit_sums_itself_and_everything_below_it_and_a_function_limits_the_units()
    {
        KpiFact[] facts = [new(Alice, Line, 20, 1000), new(Bob, Line, 5, 500), new(null, Purchasing, 3, 0)];
        var units = ScoreAggregator.Aggregate("org_unit", null, facts, Org).ToDictionary(t => t.SubjectId, t => (t.Numerator, t.Denominator));
        units[Line].Should().Be((25m, 1500m));
        units[Purchasing].Should().Be((3m, 0m));
        units[Plant].Should().Be((28m, 1500m));
        units[Group].Should().Be((28m, 1500m));
        ScoreAggregator.Aggregate("org_unit", "production", facts, Org).Select(t => t.SubjectId).Should().BeEquivalentTo([Line, Plant]);
        ScoreAggregator.Aggregate("company", null, facts, Org).Should().ContainSingle().Which.Should().Be(new SubjectTotal("company", Guid.Empty, 28, 1500));
        ScoreAggregator.Aggregate("position", null, facts, Org).Should().ContainSingle().Which.Should().Be(new SubjectTotal("position", Welder, 25, 1500));
        ScoreAggregator.Aggregate("person", null, facts, Org).Select(t => t.SubjectId).Should().BeEquivalentTo([Alice, Bob], "a fact without a person scores no one");
    }

    [Fact]
    public void A_cycle_in_a_broken_tree_does_not_hang_the_sum()
    {
        var looped = new OrgShape(new Dictionary<Guid, (Guid?, string[])> { [Plant] = (Line, []), [Line] = (Plant, []) }, new Dictionary<Guid, Guid?>());
        looped.UpFrom(Line).Should().BeEquivalentTo([Line, Plant]);
    }

    [Theory]
    [InlineData("month", "2026-02-01", true, "2026-02-28", "2026-02")]
    [InlineData("quarter", "2026-10-01", true, "2026-12-31", "2026-Q4")]
    [InlineData("quarter", "2026-11-01", false, null, null)]
    [InlineData("year", "2028-01-01", true, "2028-12-31", "2028")]
    [InlineData("month", "2026-02-02", false, null, null)]
    public void Periods_start_on_their_first_day_and_end_on_their_last(string kind, string start, bool valid, string? end, string? label)
    {
        var day = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        PeriodCalendar.IsStart(kind, day).Should().Be(valid);
        if (valid)
        {
            PeriodCalendar.End(kind, day).Should().Be(DateOnly.Parse(end!, System.Globalization.CultureInfo.InvariantCulture));
            PeriodCalendar.Label(kind, day).Should().Be(label);
        }
    }

    [Fact]
    public void The_hash_compares_numbers_not_their_notation()
    {
        var version = Guid.CreateVersion7();
        ScoreCalculator.Hash([new(version, "person", Alice, 1.50m, 10m, 15.0000m, 2m, false)])
            .Should().Be(ScoreCalculator.Hash([new(version, "person", Alice, 1.5m, 10.000m, 15m, 2.0m, false)]));
        ScoreCalculator.Hash([new(version, "person", Alice, 1.5m, 10m, 15m, 2m, false)])
            .Should().NotBe(ScoreCalculator.Hash([new(version, "person", Alice, 1.5m, 10m, 15.0001m, 2m, false)]));
    }
}
