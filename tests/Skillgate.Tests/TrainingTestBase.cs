using System.Net;
using System.Net.Http.Json;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;

namespace Skillgate.Tests;

/// <summary>What the training tests share: a published classroom course, a session of two, photo uploads.</summary>
public abstract class TrainingTestBase(SkillgateFactory app) : LearningTestBase(app)
{
    protected static async Task<SessionPhotoDto> UploadAsync(HttpClient client, Guid session, byte[] content, string fileName = "session.jpg")
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        return await ReadAsync<SessionPhotoDto>(await client.PostAsync($"/api/v1/sessions/{session}/photos", form), HttpStatusCode.Created);
    }

    protected async Task<Guid> ClassroomCourseAsync(Actors a, string code, Guid? version)
    {
        var course = await CreateCourseAsync(a.Author, code, "课堂 " + code, "classroom", requiresExam: false);
        if (version is { } v)
        {
            await LinkAsync(a.Author, course, [v], []);
        }

        await PublishAsync(a, course.Id);
        return course.Id;
    }

    /// <summary>A two-hour session of the course starting at <paramref name="now"/>, with employees A and B invited.</summary>
    protected static async Task<SessionDto> SessionOfTwoAsync(Actors a, Guid course, string title, DateTimeOffset now) =>
        await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, title, null, now, now.AddHours(2), 10, [], [a.Org.EmployeeA, a.Org.EmployeeB])), HttpStatusCode.Created);
}
