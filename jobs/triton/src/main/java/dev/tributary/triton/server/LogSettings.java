package dev.tributary.triton.server;

import dev.tributary.triton.protocol.LogSettingsRequest;
import dev.tributary.triton.protocol.LogSettingsResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the LogSettings call with Triton's defaults, checks and messages. The local
 * server logs nothing of its own; it keeps the settings so that a client or an operator script
 * written against Triton runs unchanged. An update applies all of its settings or none.
 */
final class LogSettings {

  private final Map<String, LogSettingsResponse.SettingValue> current = new LinkedHashMap<>();

  LogSettings() {
    current.put("log_file", string(""));
    current.put("log_info", bool(true));
    current.put("log_warning", bool(true));
    current.put("log_error", bool(true));
    current.put(
        "log_verbose_level",
        LogSettingsResponse.SettingValue.newBuilder().setUint32Param(0).build());
    current.put("log_format", string("default"));
  }

  /** Applies {@code updates} and returns every setting in force afterwards. */
  synchronized Map<String, LogSettingsResponse.SettingValue> update(
      Map<String, LogSettingsRequest.SettingValue> updates) {
    Map<String, LogSettingsResponse.SettingValue> next = new LinkedHashMap<>(current);
    updates.forEach((name, value) -> next.put(name, checked(name, value)));
    current.putAll(next);
    return Map.copyOf(current);
  }

  private static LogSettingsResponse.SettingValue checked(
      String name, LogSettingsRequest.SettingValue value) {
    LogSettingsRequest.SettingValue.ParameterChoiceCase choice = value.getParameterChoiceCase();
    switch (name) {
      case "log_file" ->
          throw InferenceError.unimplemented(
              "log file location can not be updated through network protocol");
      case "log_info", "log_warning", "log_error" -> {
        expect(
            name,
            choice,
            LogSettingsRequest.SettingValue.ParameterChoiceCase.BOOL_PARAM,
            "boolean");
        return bool(value.getBoolParam());
      }
      case "log_verbose_level" -> {
        expect(
            name,
            choice,
            LogSettingsRequest.SettingValue.ParameterChoiceCase.UINT32_PARAM,
            "int32");
        return LogSettingsResponse.SettingValue.newBuilder()
            .setUint32Param(value.getUint32Param())
            .build();
      }
      case "log_format" -> {
        expect(
            name,
            choice,
            LogSettingsRequest.SettingValue.ParameterChoiceCase.STRING_PARAM,
            "string");
        if (!value.getStringParam().equals("default")
            && !value.getStringParam().equals("ISO8601")) {
          throw InferenceError.invalidArgument(
              "invalid argument for log_format, got: " + value.getStringParam());
        }
        return string(value.getStringParam());
      }
      default ->
          throw InferenceError.invalidArgument(
              "unknown log setting '"
                  + name
                  + "'; the settable ones are log_info, log_warning, log_error, log_verbose_level,"
                  + " log_format");
    }
  }

  private static void expect(
      String name,
      LogSettingsRequest.SettingValue.ParameterChoiceCase actual,
      LogSettingsRequest.SettingValue.ParameterChoiceCase expected,
      String tritonWord) {
    if (actual != expected) {
      throw InferenceError.invalidArgument("expect " + tritonWord + " for '" + name + "'");
    }
  }

  private static LogSettingsResponse.SettingValue bool(boolean value) {
    return LogSettingsResponse.SettingValue.newBuilder().setBoolParam(value).build();
  }

  private static LogSettingsResponse.SettingValue string(String value) {
    return LogSettingsResponse.SettingValue.newBuilder().setStringParam(value).build();
  }
}
