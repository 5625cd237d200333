using System.Net.Http.Json;

namespace Skillgate.Tests.Infrastructure;

/// <summary>A small plant built through the API: group → plant → workshops A and B, a position and an employee in each.</summary>
public sealed record TestOrg(Guid Group, Guid Plant, Guid WorkshopA, Guid WorkshopB, Guid PositionA, Guid PositionB, Guid EmployeeA, Guid EmployeeB)
{
    public static async Task<TestOrg> CreateAsync(HttpClient admin, string prefix = "T")
    {
        var group = await PostAsync(admin, "/api/v1/org-units", new { code = prefix + "-G", name = "测试集团", unitType = "group", parentId = (Guid?)null, functions = new[] { "management" } });
        var plant = await PostAsync(admin, "/api/v1/org-units", new { code = prefix + "-P", name = "测试工厂", unitType = "plant", parentId = group, functions = new[] { "production" } });
        var a = await PostAsync(admin, "/api/v1/org-units", new { code = prefix + "-WA", name = "焊接车间", unitType = "workshop", parentId = plant, functions = new[] { "production" } });
        var b = await PostAsync(admin, "/api/v1/org-units", new { code = prefix + "-WB", name = "总装车间", unitType = "workshop", parentId = plant, functions = new[] { "production" } });
        var posA = await PostAsync(admin, "/api/v1/positions", new { code = prefix + "-WELDER", name = "焊工", orgUnitId = a });
        var posB = await PostAsync(admin, "/api/v1/positions", new { code = prefix + "-FITTER", name = "装配工", orgUnitId = b });
        var empA = await PostAsync(admin, "/api/v1/employees", new { employeeNo = prefix + "1001", name = "张伟", phone = "13800000001", email = (string?)null, orgUnitId = a, positionId = posA, managerId = (Guid?)null, shiftGroupId = (Guid?)null, hireDate = "2020-03-01" });
        var empB = await PostAsync(admin, "/api/v1/employees", new { employeeNo = prefix + "2001", name = "李娜", phone = "13800000002", email = (string?)null, orgUnitId = b, positionId = posB, managerId = (Guid?)null, shiftGroupId = (Guid?)null, hireDate = "2021-05-10" });
        return new TestOrg(group, plant, a, b, posA, posB, empA, empB);
    }

    private static async Task<Guid> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<SkillgateFactory.IdOnly>())!.Id;
    }
}
