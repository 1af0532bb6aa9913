using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Sample;

/// <summary>
/// <c>dotnet run</c> turns a launch profile's <c>applicationUrl</c> into <c>ASPNETCORE_URLS</c>, replacing the one in
/// the user's environment. The sample's profile therefore sets no address: the sample's own default
/// (<c>http://localhost:5080</c>, in Program.cs) applies only when nothing else is configured, so the
/// <c>ASPNETCORE_URLS=... dotnet run --project samples/SampleApi</c> its README documents is honoured.
/// </summary>
public sealed class SampleLaunchProfileTests
{
    [Fact]
    public void SampleLaunchProfiles_SetNoAddress_SoTheEnvironmentChoosesThePort()
    {
        // Arrange
        using var settings = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("samples", "SampleApi", "Properties", "launchSettings.json")));

        // Act
        var profiles = settings.RootElement.GetProperty("profiles").EnumerateObject().ToList();
        var withAddress = profiles
            .Where(profile => profile.Value.TryGetProperty("applicationUrl", out _)
                || (profile.Value.TryGetProperty("environmentVariables", out var variables)
                    && variables.EnumerateObject().Any(v => v.Name is "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS")))
            .Select(profile => profile.Name)
            .ToList();

        // Assert
        Assert.NotEmpty(profiles);
        Assert.True(withAddress.Count == 0, "These launch profiles set an address, which replaces ASPNETCORE_URLS under dotnet run: " + string.Join(", ", withAddress));
    }
}
