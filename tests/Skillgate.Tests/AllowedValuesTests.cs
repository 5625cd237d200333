using System.ComponentModel.DataAnnotations;
using System.Reflection;
using FluentAssertions;
using Xunit;

namespace Skillgate.Tests;

/// <summary>The values a contract documents for a coded field (and the OpenAPI document lists) are the values its handler accepts.</summary>
public sealed class AllowedValuesTests
{
    public static TheoryData<Type, string, string[]> Fields => new()
    {
        { typeof(Skillgate.Modules.Quality.Contracts.DefectInput), "Cause", [.. Skillgate.Modules.Quality.Ingestion.IngestHandler.Causes] },
        { typeof(Skillgate.Modules.Quality.Contracts.FindingInput), "Severity", [.. Skillgate.Modules.Quality.Ingestion.IngestHandler.Severities] },
        { typeof(Skillgate.Modules.Quality.Contracts.ComplaintInput), "Severity", [.. Skillgate.Modules.Quality.Ingestion.IngestHandler.Severities] },
        { typeof(Skillgate.Modules.Needs.Contracts.RuleInput), "Kind", [.. Skillgate.Modules.Needs.Rules.RuleHandler.Kinds] },
        { typeof(Skillgate.Modules.Needs.Contracts.MappingInput), "Kind", [.. Skillgate.Modules.Needs.Rules.RuleHandler.MappingKinds] },
        { typeof(Skillgate.Modules.Learning.Contracts.CourseInput), "Kind", Skillgate.Modules.Learning.Domain.CourseKind.All },
        { typeof(Skillgate.Modules.Learning.Contracts.QuestionInput), "Kind", Skillgate.Modules.Learning.Domain.QuestionKind.All },
        { typeof(Skillgate.Modules.Standards.Contracts.DocumentInput), "Kind", Skillgate.Modules.Standards.Domain.DocumentKind.All },
        { typeof(Skillgate.Modules.Competence.Contracts.AssessmentInput), "Method", Skillgate.Modules.Competence.Domain.AssessmentMethod.All },
        { typeof(Skillgate.Modules.Learning.Contracts.ExternalCreditInput), "Category", [.. Skillgate.Modules.Learning.Courses.CourseHandler.CreditCategories] },
        { typeof(Skillgate.Modules.Learning.Contracts.ExternalCreditDecision), "Decision", [.. Skillgate.Modules.Learning.Credits.CreditHandler.Decisions] },
        { typeof(Skillgate.Modules.Organization.Contracts.SectorInput), "Sector", [.. Skillgate.Platform.Localization.SectorTerms.Sector.Codes] },
        { typeof(Skillgate.Modules.Workflow.Contracts.CompleteInput), "Outcome", [.. Skillgate.Modules.Workflow.Definitions.StepRules.Outcomes] },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_documented_code_list_is_the_one_the_handler_checks(Type contract, string property, string[] accepted)
    {
        var allowed = contract.GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.GetCustomAttribute<AllowedValuesAttribute>();
        allowed.Should().NotBeNull($"{contract.Name}.{property} lists its values in the OpenAPI document");
        allowed!.Values.Select(v => v?.ToString()).Should().BeEquivalentTo(accepted);
    }
}
