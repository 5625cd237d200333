using FluentAssertions;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Modules.Organization.Import;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Pure rules, without a database.</summary>
public sealed class RuleTests
{
    [Theory]
    [InlineData("A1", 0)]
    [InlineData("Z9", 25)]
    [InlineData("AA10", 26)]
    [InlineData("AB2", 27)]
    public void Excel_column_letters_round_trip(string reference, int index)
    {
        XlsxReader.ColumnIndex(reference).Should().Be(index);
        XlsxReader.ColumnName(index).Should().Be(new string(reference.TakeWhile(char.IsLetter).ToArray()));
    }

    [Fact]
    public void A_unit_path_lists_its_ancestors_so_a_subtree_is_a_prefix()
    {
        var root = Guid.CreateVersion7();
        var child = Guid.CreateVersion7();
        var rootPath = OrgUnit.PathOf(null, root);
        var childPath = OrgUnit.PathOf(rootPath, child);
        childPath.Should().StartWith(rootPath);
        Skillgate.Modules.Organization.OrgUnits.OrgUnitHandler.Depth(childPath).Should().Be(1);
    }

    [Fact]
    public void Import_plans_parents_before_children_and_reports_loops()
    {
        var errors = new List<Skillgate.Modules.Organization.Contracts.ImportError>();
        var context = new ImportContext
        {
            Units = new(StringComparer.OrdinalIgnoreCase), Positions = new(StringComparer.OrdinalIgnoreCase), ShiftGroups = new(StringComparer.OrdinalIgnoreCase),
            UnitTypes = ["group", "team"], FunctionTags = ["production"], Employees = new(StringComparer.Ordinal),
        };
        var workbook = new ImportWorkbook();
        workbook.OrgUnits.AddRange(
        [
            new OrgUnitRow(2, "CHILD", "子", "team", "ROOT", []),
            new OrgUnitRow(3, "ROOT", "根", "group", null, ["production"]),
            new OrgUnitRow(4, "LOOP1", "环1", "team", "LOOP2", []),
            new OrgUnitRow(5, "LOOP2", "环2", "team", "LOOP1", []),
        ]);

        var plan = new ImportPlanner(context, ScopeFilter.Everything, new Texts(), errors, chinese: false).Plan(workbook);

        plan.NewUnits.Select(u => u.Code).Should().Equal("ROOT", "CHILD");
        plan.NewUnits[1].Path.Should().StartWith(plan.NewUnits[0].Path);
        errors.Select(e => e.Row).Should().BeEquivalentTo([4, 5]);
    }

    [Fact]
    public void Api_key_format_is_checked_before_any_lookup()
    {
        var (key, prefix) = ApiKeySecret.Generate();
        ApiKeySecret.TryParse(key, out var parsed).Should().BeTrue();
        parsed.Should().Be(prefix);
        ApiKeySecret.TryParse("sg_short_x", out _).Should().BeFalse();
        ApiKeySecret.Hash(key).Should().NotContain(key);
    }
}
