# Build LLM Interview Desk for Windows: the PyInstaller bundle and an Inno Setup installer.
#
#   powershell -File packaging\windows\build-windows.ps1 [-Python .venv\Scripts\python.exe] [-BundleOnly] [-Release]
#
# Needs the project's .venv with the app and PyInstaller (pip install -e .[package]) and
# Inno Setup 6 (ISCC.exe; `choco install innosetup`). Release builds need a portable
# llama.cpp: install llama-cpp-python with $env:CMAKE_ARGS = "-DGGML_NATIVE=OFF" (and
# --no-binary llama-cpp-python); -Release refuses one compiled for this CPU only.
# Output: packaging\dist\interview-desk\ and packaging\dist\interview-desk-<version>-windows-x64-setup.exe
param(
    [string]$Python = ".venv\Scripts\python.exe",
    [switch]$BundleOnly,
    [switch]$Release
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe exited with $LASTEXITCODE" }
}

$version = (& $Python -c "import interview_desk; print(interview_desk.__version__)").Trim()
Write-Host "==> llama.cpp build check"
$check = @("packaging\llama_portability.py")
if ($Release) { $check += "--strict" }
Invoke-Checked $Python $check

Write-Host "==> PyInstaller bundle ($version)"
Invoke-Checked $Python @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", "packaging\dist", "--workpath", "packaging\build", "packaging\interview-desk.spec")
$bundle = "packaging\dist\interview-desk"
$mb = [math]::Round(((Get-ChildItem $bundle -Recurse -File | Measure-Object Length -Sum).Sum / 1MB), 1)
Write-Host "    bundle: $mb MB"
if ($BundleOnly) { exit 0 }

Write-Host "==> Inno Setup installer"
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    foreach ($dir in @("${env:ProgramFiles(x86)}\Inno Setup 6", "$env:ProgramFiles\Inno Setup 6")) {
        if (Test-Path "$dir\ISCC.exe") { $iscc = "$dir\ISCC.exe"; break }
    }
}
if (-not $iscc) { throw "ISCC.exe (Inno Setup 6) not found; install it with: choco install innosetup" }
Invoke-Checked $iscc @("/Q", "/DAppVersion=$version", "packaging\windows\interview-desk.iss")
Get-ChildItem "packaging\dist\interview-desk-$version-windows-x64-setup.exe" |
    ForEach-Object { Write-Host ("    {0}: {1:N1} MB" -f $_.Name, ($_.Length / 1MB)) }
