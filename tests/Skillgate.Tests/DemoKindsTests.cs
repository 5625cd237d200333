using FluentAssertions;
using Skillgate.Platform.Cli;
using Xunit;

namespace Skillgate.Tests;

/// <summary><c>seed-demo</c> picks its demo from the word after it, else the setting, else the plant; a word naming none is refused.</summary>
public sealed class DemoKindsTests
{
    [Theory]
    [InlineData(new[] { "seed-demo" }, null, "plant")]
    [InlineData(new[] { "seed-demo", "hospital" }, null, "hospital")]
    [InlineData(new[] { "seed-demo", "plant" }, "hospital", "plant")]
    [InlineData(new[] { "seed-demo", "--Skillgate:SeedDemo=hospital" }, "hospital", "hospital")]
    [InlineData(new[] { "seed-demo", "--urls", "http://x" }, null, "plant")]
    [InlineData(new[] { "seed-demo" }, "true", "plant")]
    [InlineData(new[] { "seed-demo", "school" }, null, null)]
    [InlineData(new[] { "seed-demo", "true" }, null, null)]
    [InlineData(new[] { "seed-demo" }, "school", null)]
    public void The_demo_is_the_word_after_the_verb_else_the_setting_else_the_plant(string[] args, string? configured, string? expected) =>
        DemoKinds.Pick(args, configured).Should().Be(expected);

    [Theory]
    [InlineData("true", "plant")]
    [InlineData("Hospital", "hospital")]
    [InlineData("false", null)]
    [InlineData(null, null)]
    public void A_setting_names_a_demo_or_none(string? setting, string? expected) => DemoKinds.Of(setting).Should().Be(expected);
}
