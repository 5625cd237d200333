using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Choosing people for a course: by unit, position and search, gaps the course closes first, within the caller's scope.</summary>
public sealed class CandidateTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Candidates_are_found_by_unit_and_gap_and_stay_within_the_callers_scope()
    {
        var a = await ActorsAsync("PK");
        var sop = await CreateDocumentAsync(a, "SOP-PK", "焊接规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        var course = await CreateCourseAsync(a.Author, "PK-C", "焊接规程培训");
        await LinkAsync(a.Author, course, [v1], []);

        var all = await ReadAsync<List<CandidateDto>>(await a.Hr.GetAsync($"/api/v1/courses/{course.Id}/candidates?orgUnitId={a.Org.Plant}"), HttpStatusCode.OK);
        all.Select(c => c.EmployeeNo).Should().Contain(["PK1001", "PK2001"]);
        all.First().EmployeeNo.Should().Be("PK1001", "people with a gap come first");
        all.Single(c => c.EmployeeNo == "PK1001").Gaps.Should().Equal("not_trained");
        (await ReadAsync<List<CandidateDto>>(await a.Hr.GetAsync($"/api/v1/courses/{course.Id}/candidates?orgUnitId={a.Org.Plant}&gapOnly=true"), HttpStatusCode.OK))
            .Select(c => c.EmployeeNo).Should().Equal(["PK1001"], "only the welder lacks the standard the course trains on");
        (await ReadAsync<List<CandidateDto>>(await a.Hr.GetAsync($"/api/v1/courses/{course.Id}/candidates?q=李"), HttpStatusCode.OK))
            .Should().OnlyContain(c => c.Name.Contains('李'));

        await App.CreateUserAsync(a.Admin, "PKhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var head = await App.SignInAsync("PKhead", Password);
        (await ReadAsync<List<CandidateDto>>(await head.GetAsync($"/api/v1/courses/{course.Id}/candidates"), HttpStatusCode.OK))
            .Should().NotContain(c => c.EmployeeNo == "PK1001", "the welding workshop is outside the assembly head's scope");
        await App.CreateUserAsync(a.Admin, "PKsales", ["Sales"], scopeAll: true);
        (await (await App.SignInAsync("PKsales", Password)).GetAsync($"/api/v1/courses/{course.Id}/candidates")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
