using System.Reflection;
using System.Text.RegularExpressions;
using FluentAssertions;
using Skillgate.Platform.Localization;
using Xunit;

namespace Skillgate.Tests.Walls;

/// <summary>
/// Codes people see (statuses, kinds, reasons) are typed (issue 18, ADR 0010): each closed set is a <see cref="TextVocabulary"/>
/// declared once; every code of every vocabulary, including ones added later, has its zh-CN and en text; and no page or handler
/// pastes a code into a text key any more.
/// </summary>
public sealed partial class TextVocabularyTests
{
    /// <summary>Open sets looked up with a fallback to the raw name, and why they are not vocabularies.</summary>
    private static readonly Dictionary<string, string> OpenSets = new(StringComparer.Ordinal)
    {
        ["field."] = "form and model field names: any bound property; the label falls back to the name",
        ["wfdesign.field."] = "the fields of a workflow definition's step, named by whoever designs it",
        ["audit.action."] = "audit actions are written by every module and job; the history falls back to the action",
        ["history.entity."] = "audited entity names, with the same fallback",
        ["history.field."] = "audited column names, with the same fallback",
    };

    private static readonly (string Owner, string Name, TextVocabulary Vocabulary)[] Vocabularies = typeof(TextVocabulary).Assembly.GetTypes()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(TextVocabulary))
            .Select(f => (t.FullName!, f.Name, (TextVocabulary)f.GetValue(null)!)))
        .ToArray();

    [Fact]
    public void Every_code_of_every_vocabulary_has_its_text_in_both_languages()
    {
        Vocabularies.Should().HaveCountGreaterThan(50);
        var texts = new Texts();
        var missing = new List<string>();
        foreach (var culture in Texts.Cultures)
        {
            var known = texts.For(culture);
            missing.AddRange(Vocabularies.SelectMany(v => v.Vocabulary.Codes.Where(c => !known.ContainsKey(v.Vocabulary.KeyOf(c)))
                .Select(c => $"{culture}: {v.Owner}.{v.Name} {v.Vocabulary.KeyOf(c)}")));
        }

        missing.Should().BeEmpty();
        Vocabularies.GroupBy(v => v.Vocabulary.Prefix).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty("a prefix is declared once");
    }

    /// <summary>The code lists the domain checks input against, each with the vocabulary that shows its codes.</summary>
    private static readonly (string What, string[] Accepted, TextVocabulary Vocabulary)[] DomainLists =
    [
        ("employee status", Modules.Organization.Domain.EmployeeStatus.All, Modules.Organization.Contracts.OrganizationVocabularies.EmployeeStatus),
        ("worker type", Modules.Organization.Domain.WorkerType.All, Modules.Organization.Contracts.OrganizationVocabularies.WorkerType),
        ("lifecycle event", Modules.Organization.Domain.EmployeeEventKind.All, Modules.Organization.Contracts.OrganizationVocabularies.EmployeeEvent),
        ("question kind", Modules.Learning.Domain.QuestionKind.All, Modules.Learning.Contracts.LearningVocabularies.QuestionKind),
        ("course kind", Modules.Learning.Domain.CourseKind.All, Modules.Learning.Contracts.LearningVocabularies.CourseKind),
        ("assessment method", Modules.Competence.Domain.AssessmentMethod.All, Modules.Competence.Contracts.CompetenceVocabularies.AssessmentMethod),
        ("requirement kind", Modules.Competence.Domain.RequirementKind.All, Modules.Competence.Contracts.CompetenceVocabularies.RequirementKind),
        ("document kind", Modules.Standards.Domain.DocumentKind.All, Modules.Standards.Contracts.StandardsVocabularies.DocumentKind),
        ("need rule kind", [.. Modules.Needs.Rules.RuleHandler.Kinds], Modules.Needs.Contracts.NeedsVocabularies.RuleKind),
        ("need mapping kind", [.. Modules.Needs.Rules.RuleHandler.MappingKinds], Modules.Needs.Contracts.NeedsVocabularies.MappingKind),
        ("need status", [.. Modules.Needs.Board.NeedHandler.Statuses], Modules.Needs.Contracts.NeedsVocabularies.Status),
        ("5M1E cause", [.. Modules.Quality.Ingestion.IngestHandler.Causes], Modules.Quality.Contracts.QualityVocabularies.Cause),
        ("severity", [.. Modules.Quality.Ingestion.IngestHandler.Severities], Modules.Quality.Contracts.QualityVocabularies.Severity),
        ("metric period", [.. Modules.Quality.Metrics.MetricQueries.PeriodKinds], Modules.Quality.Contracts.QualityVocabularies.MetricPeriod),
        ("check-in flag", [.. Modules.Training.Attendance.AttendanceCounting.AttendanceFlags], Modules.Training.Contracts.TrainingVocabularies.CheckInFlag),
        ("photo flag", [.. Modules.Training.Attendance.AttendanceCounting.PhotoFlags], Modules.Training.Contracts.TrainingVocabularies.PhotoFlag),
        ("workflow status", [.. Modules.Workflow.IndexModel.Statuses], Modules.Workflow.Contracts.WorkflowVocabularies.InstanceStatus),
        ("hour kind", [.. Modules.Workflow.Definitions.StepRules.HourKinds], Modules.Workflow.Contracts.WorkflowVocabularies.HourKind),
        ("robot kind", [.. Platform.Notifications.NotificationSettings.RobotKinds], Modules.Admin.Contracts.AdminVocabularies.WebhookKind),
        ("role", [.. Platform.Auth.Roles.All], PlatformVocabularies.Role),
        ("points rule", [.. Modules.Points.Rules.RuleHandler.Codes], Modules.Points.Contracts.PointsVocabularies.Rule),
        ("store decision", [.. Modules.Points.Store.StoreHandler.Decisions], Modules.Points.Contracts.PointsVocabularies.Decision),
        ("skill application decision", [.. Modules.Points.Growth.SkillApplicationHandler.Decisions], Modules.Points.Contracts.PointsVocabularies.ApplicationDecision),
        ("points correction category", [.. Modules.Points.Ledger.CorrectionHandler.Categories], Modules.Points.Contracts.PointsVocabularies.Category),
        ("note decision", [.. Modules.Points.Notes.NoteHandler.Decisions], Modules.Points.Contracts.PointsVocabularies.NoteDecision),
    ];

    [Fact]
    public void Every_code_the_domain_accepts_is_in_its_vocabulary()
    {
        DomainLists.SelectMany(d => d.Accepted.Where(c => !d.Vocabulary.Contains(c)).Select(c => $"{d.What} {c} is not in {d.Vocabulary.Prefix}"))
            .Should().BeEmpty("every code the domain accepts is shown through its vocabulary");
    }

    [Fact]
    public void A_code_outside_its_vocabulary_shows_as_itself_not_as_a_key()
    {
        var texts = new Texts();
        var (_, _, vocabulary) = Vocabularies[0];
        texts[vocabulary, "no-such-code"].Value.Should().Be("no-such-code");
        texts[vocabulary, vocabulary.Codes[0]].ResourceNotFound.Should().BeFalse();
    }

    [Fact]
    public void No_page_or_handler_pastes_a_code_into_a_text_key()
    {
        var pasted = ModuleWalls.SourceFiles()
            .SelectMany(f => PastedKey().Matches(f.Text).Select(m => (f.Relative, Prefix: m.Groups[1].Value)))
            .Where(x => !OpenSets.ContainsKey(x.Prefix))
            .Select(x => $"{x.Relative}: \"{x.Prefix}\" + …").Distinct().ToList();
        pasted.Should().BeEmpty("a code is shown through its TextVocabulary: t[Vocabulary, code]");
    }

    /// <summary>A text key literal ending in "." or "_" followed by "+", where a text is looked up ([…], In(…), Word(…)).</summary>
    [GeneratedRegex(@"(?:\[|\bIn\([^,()]+(?:\([^()]*\))?, |\bWords?\()\(?""([a-z_.]+[._])"" \+")]
    private static partial Regex PastedKey();
}
