"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// node_modules/@smithy/core/dist-es/submodules/client/middleware-stack/MiddlewareStack.js
var getAllAliases, getMiddlewareNameWithAliases, constructStack, stepWeights, priorityWeights;
var init_MiddlewareStack = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/middleware-stack/MiddlewareStack.js"() {
    "use strict";
    getAllAliases = (name, aliases) => {
      const _aliases = [];
      if (name) {
        _aliases.push(name);
      }
      if (aliases) {
        for (const alias of aliases) {
          _aliases.push(alias);
        }
      }
      return _aliases;
    };
    getMiddlewareNameWithAliases = (name, aliases) => {
      return `${name || "anonymous"}${aliases && aliases.length > 0 ? ` (a.k.a. ${aliases.join(",")})` : ""}`;
    };
    constructStack = () => {
      let absoluteEntries = [];
      let relativeEntries = [];
      let identifyOnResolve = false;
      const entriesNameSet = /* @__PURE__ */ new Set();
      const sort = (entries) => entries.sort((a, b) => stepWeights[b.step] - stepWeights[a.step] || priorityWeights[b.priority || "normal"] - priorityWeights[a.priority || "normal"]);
      const removeByName = (toRemove) => {
        let isRemoved = false;
        const filterCb = (entry) => {
          const aliases = getAllAliases(entry.name, entry.aliases);
          if (aliases.includes(toRemove)) {
            isRemoved = true;
            for (const alias of aliases) {
              entriesNameSet.delete(alias);
            }
            return false;
          }
          return true;
        };
        absoluteEntries = absoluteEntries.filter(filterCb);
        relativeEntries = relativeEntries.filter(filterCb);
        return isRemoved;
      };
      const removeByReference = (toRemove) => {
        let isRemoved = false;
        const filterCb = (entry) => {
          if (entry.middleware === toRemove) {
            isRemoved = true;
            for (const alias of getAllAliases(entry.name, entry.aliases)) {
              entriesNameSet.delete(alias);
            }
            return false;
          }
          return true;
        };
        absoluteEntries = absoluteEntries.filter(filterCb);
        relativeEntries = relativeEntries.filter(filterCb);
        return isRemoved;
      };
      const cloneTo = (toStack) => {
        absoluteEntries.forEach((entry) => {
          toStack.add(entry.middleware, { ...entry });
        });
        relativeEntries.forEach((entry) => {
          toStack.addRelativeTo(entry.middleware, { ...entry });
        });
        toStack.identifyOnResolve?.(stack.identifyOnResolve());
        return toStack;
      };
      const expandRelativeMiddlewareList = (from) => {
        const expandedMiddlewareList = [];
        from.before.forEach((entry) => {
          if (entry.before.length === 0 && entry.after.length === 0) {
            expandedMiddlewareList.push(entry);
          } else {
            expandedMiddlewareList.push(...expandRelativeMiddlewareList(entry));
          }
        });
        expandedMiddlewareList.push(from);
        from.after.reverse().forEach((entry) => {
          if (entry.before.length === 0 && entry.after.length === 0) {
            expandedMiddlewareList.push(entry);
          } else {
            expandedMiddlewareList.push(...expandRelativeMiddlewareList(entry));
          }
        });
        return expandedMiddlewareList;
      };
      const getMiddlewareList = (debug = false) => {
        const normalizedAbsoluteEntries = [];
        const normalizedRelativeEntries = [];
        const normalizedEntriesNameMap = {};
        absoluteEntries.forEach((entry) => {
          const normalizedEntry = {
            ...entry,
            before: [],
            after: []
          };
          for (const alias of getAllAliases(normalizedEntry.name, normalizedEntry.aliases)) {
            normalizedEntriesNameMap[alias] = normalizedEntry;
          }
          normalizedAbsoluteEntries.push(normalizedEntry);
        });
        relativeEntries.forEach((entry) => {
          const normalizedEntry = {
            ...entry,
            before: [],
            after: []
          };
          for (const alias of getAllAliases(normalizedEntry.name, normalizedEntry.aliases)) {
            normalizedEntriesNameMap[alias] = normalizedEntry;
          }
          normalizedRelativeEntries.push(normalizedEntry);
        });
        normalizedRelativeEntries.forEach((entry) => {
          if (entry.toMiddleware) {
            const toMiddleware = normalizedEntriesNameMap[entry.toMiddleware];
            if (toMiddleware === void 0) {
              if (debug) {
                return;
              }
              throw new Error(`${entry.toMiddleware} is not found when adding ${getMiddlewareNameWithAliases(entry.name, entry.aliases)} middleware ${entry.relation} ${entry.toMiddleware}`);
            }
            if (entry.relation === "after") {
              toMiddleware.after.push(entry);
            }
            if (entry.relation === "before") {
              toMiddleware.before.push(entry);
            }
          }
        });
        const mainChain = sort(normalizedAbsoluteEntries).map(expandRelativeMiddlewareList).reduce((wholeList, expandedMiddlewareList) => {
          wholeList.push(...expandedMiddlewareList);
          return wholeList;
        }, []);
        return mainChain;
      };
      const stack = {
        add: (middleware, options = {}) => {
          const { name, override, aliases: _aliases } = options;
          const entry = {
            step: "initialize",
            priority: "normal",
            middleware,
            ...options
          };
          const aliases = getAllAliases(name, _aliases);
          if (aliases.length > 0) {
            if (aliases.some((alias) => entriesNameSet.has(alias))) {
              if (!override) {
                throw new Error(`Duplicate middleware name '${getMiddlewareNameWithAliases(name, _aliases)}'`);
              }
              for (const alias of aliases) {
                const toOverrideIndex = absoluteEntries.findIndex((entry2) => entry2.name === alias || entry2.aliases?.some((a) => a === alias));
                if (toOverrideIndex === -1) {
                  continue;
                }
                const toOverride = absoluteEntries[toOverrideIndex];
                if (toOverride.step !== entry.step || entry.priority !== toOverride.priority) {
                  throw new Error(`"${getMiddlewareNameWithAliases(toOverride.name, toOverride.aliases)}" middleware with ${toOverride.priority} priority in ${toOverride.step} step cannot be overridden by "${getMiddlewareNameWithAliases(name, _aliases)}" middleware with ${entry.priority} priority in ${entry.step} step.`);
                }
                absoluteEntries.splice(toOverrideIndex, 1);
              }
            }
            for (const alias of aliases) {
              entriesNameSet.add(alias);
            }
          }
          absoluteEntries.push(entry);
        },
        addRelativeTo: (middleware, options) => {
          const { name, override, aliases: _aliases } = options;
          const entry = {
            middleware,
            ...options
          };
          const aliases = getAllAliases(name, _aliases);
          if (aliases.length > 0) {
            if (aliases.some((alias) => entriesNameSet.has(alias))) {
              if (!override) {
                throw new Error(`Duplicate middleware name '${getMiddlewareNameWithAliases(name, _aliases)}'`);
              }
              for (const alias of aliases) {
                const toOverrideIndex = relativeEntries.findIndex((entry2) => entry2.name === alias || entry2.aliases?.some((a) => a === alias));
                if (toOverrideIndex === -1) {
                  continue;
                }
                const toOverride = relativeEntries[toOverrideIndex];
                if (toOverride.toMiddleware !== entry.toMiddleware || toOverride.relation !== entry.relation) {
                  throw new Error(`"${getMiddlewareNameWithAliases(toOverride.name, toOverride.aliases)}" middleware ${toOverride.relation} "${toOverride.toMiddleware}" middleware cannot be overridden by "${getMiddlewareNameWithAliases(name, _aliases)}" middleware ${entry.relation} "${entry.toMiddleware}" middleware.`);
                }
                relativeEntries.splice(toOverrideIndex, 1);
              }
            }
            for (const alias of aliases) {
              entriesNameSet.add(alias);
            }
          }
          relativeEntries.push(entry);
        },
        clone: () => cloneTo(constructStack()),
        use: (plugin) => {
          plugin.applyToStack(stack);
        },
        remove: (toRemove) => {
          if (typeof toRemove === "string") {
            return removeByName(toRemove);
          } else {
            return removeByReference(toRemove);
          }
        },
        removeByTag: (toRemove) => {
          let isRemoved = false;
          const filterCb = (entry) => {
            const { tags, name, aliases: _aliases } = entry;
            if (tags && tags.includes(toRemove)) {
              const aliases = getAllAliases(name, _aliases);
              for (const alias of aliases) {
                entriesNameSet.delete(alias);
              }
              isRemoved = true;
              return false;
            }
            return true;
          };
          absoluteEntries = absoluteEntries.filter(filterCb);
          relativeEntries = relativeEntries.filter(filterCb);
          return isRemoved;
        },
        concat: (from) => {
          const cloned = cloneTo(constructStack());
          cloned.use(from);
          cloned.identifyOnResolve(identifyOnResolve || cloned.identifyOnResolve() || (from.identifyOnResolve?.() ?? false));
          return cloned;
        },
        applyToStack: cloneTo,
        identify: () => {
          return getMiddlewareList(true).map((mw) => {
            const step = mw.step ?? mw.relation + " " + mw.toMiddleware;
            return getMiddlewareNameWithAliases(mw.name, mw.aliases) + " - " + step;
          });
        },
        identifyOnResolve(toggle) {
          if (typeof toggle === "boolean") {
            identifyOnResolve = toggle;
          }
          return identifyOnResolve;
        },
        resolve: (handler2, context) => {
          for (const middleware of getMiddlewareList().map((entry) => entry.middleware).reverse()) {
            handler2 = middleware(handler2, context);
          }
          if (identifyOnResolve) {
            console.log(stack.identify());
          }
          return handler2;
        }
      };
      return stack;
    };
    stepWeights = {
      initialize: 5,
      serialize: 4,
      build: 3,
      finalizeRequest: 2,
      deserialize: 1
    };
    priorityWeights = {
      high: 3,
      normal: 2,
      low: 1
    };
  }
});

// node_modules/@smithy/types/dist-cjs/index.js
var require_dist_cjs = __commonJS({
  "node_modules/@smithy/types/dist-cjs/index.js"(exports2) {
    "use strict";
    var HttpAuthLocation;
    (function(HttpAuthLocation2) {
      HttpAuthLocation2["HEADER"] = "header";
      HttpAuthLocation2["QUERY"] = "query";
    })(HttpAuthLocation || (HttpAuthLocation = {}));
    var HttpApiKeyAuthLocation;
    (function(HttpApiKeyAuthLocation2) {
      HttpApiKeyAuthLocation2["HEADER"] = "header";
      HttpApiKeyAuthLocation2["QUERY"] = "query";
    })(HttpApiKeyAuthLocation || (HttpApiKeyAuthLocation = {}));
    var EndpointURLScheme;
    (function(EndpointURLScheme2) {
      EndpointURLScheme2["HTTP"] = "http";
      EndpointURLScheme2["HTTPS"] = "https";
    })(EndpointURLScheme || (EndpointURLScheme = {}));
    var AlgorithmId2;
    (function(AlgorithmId3) {
      AlgorithmId3["MD5"] = "md5";
      AlgorithmId3["CRC32"] = "crc32";
      AlgorithmId3["CRC32C"] = "crc32c";
      AlgorithmId3["SHA1"] = "sha1";
      AlgorithmId3["SHA256"] = "sha256";
    })(AlgorithmId2 || (AlgorithmId2 = {}));
    var getChecksumConfiguration2 = (runtimeConfig) => {
      const checksumAlgorithms = [];
      if (runtimeConfig.sha256 !== void 0) {
        checksumAlgorithms.push({
          algorithmId: () => AlgorithmId2.SHA256,
          checksumConstructor: () => runtimeConfig.sha256
        });
      }
      if (runtimeConfig.md5 != void 0) {
        checksumAlgorithms.push({
          algorithmId: () => AlgorithmId2.MD5,
          checksumConstructor: () => runtimeConfig.md5
        });
      }
      return {
        addChecksumAlgorithm(algo) {
          checksumAlgorithms.push(algo);
        },
        checksumAlgorithms() {
          return checksumAlgorithms;
        }
      };
    };
    var resolveChecksumRuntimeConfig2 = (clientConfig) => {
      const runtimeConfig = {};
      clientConfig.checksumAlgorithms().forEach((checksumAlgorithm) => {
        runtimeConfig[checksumAlgorithm.algorithmId()] = checksumAlgorithm.checksumConstructor();
      });
      return runtimeConfig;
    };
    var getDefaultClientConfiguration2 = (runtimeConfig) => {
      return getChecksumConfiguration2(runtimeConfig);
    };
    var resolveDefaultRuntimeConfig2 = (config) => {
      return resolveChecksumRuntimeConfig2(config);
    };
    var FieldPosition;
    (function(FieldPosition2) {
      FieldPosition2[FieldPosition2["HEADER"] = 0] = "HEADER";
      FieldPosition2[FieldPosition2["TRAILER"] = 1] = "TRAILER";
    })(FieldPosition || (FieldPosition = {}));
    var SMITHY_CONTEXT_KEY3 = "__smithy_context";
    var IniSectionType;
    (function(IniSectionType2) {
      IniSectionType2["PROFILE"] = "profile";
      IniSectionType2["SSO_SESSION"] = "sso-session";
      IniSectionType2["SERVICES"] = "services";
    })(IniSectionType || (IniSectionType = {}));
    var RequestHandlerProtocol;
    (function(RequestHandlerProtocol2) {
      RequestHandlerProtocol2["HTTP_0_9"] = "http/0.9";
      RequestHandlerProtocol2["HTTP_1_0"] = "http/1.0";
      RequestHandlerProtocol2["TDS_8_0"] = "tds/8.0";
    })(RequestHandlerProtocol || (RequestHandlerProtocol = {}));
    exports2.AlgorithmId = AlgorithmId2;
    exports2.EndpointURLScheme = EndpointURLScheme;
    exports2.FieldPosition = FieldPosition;
    exports2.HttpApiKeyAuthLocation = HttpApiKeyAuthLocation;
    exports2.HttpAuthLocation = HttpAuthLocation;
    exports2.IniSectionType = IniSectionType;
    exports2.RequestHandlerProtocol = RequestHandlerProtocol;
    exports2.SMITHY_CONTEXT_KEY = SMITHY_CONTEXT_KEY3;
    exports2.getDefaultClientConfiguration = getDefaultClientConfiguration2;
    exports2.resolveDefaultRuntimeConfig = resolveDefaultRuntimeConfig2;
  }
});

// node_modules/@smithy/core/dist-es/submodules/transport/getSmithyContext.js
var import_types, getSmithyContext;
var init_getSmithyContext = __esm({
  "node_modules/@smithy/core/dist-es/submodules/transport/getSmithyContext.js"() {
    "use strict";
    import_types = __toESM(require_dist_cjs());
    getSmithyContext = (context) => context[import_types.SMITHY_CONTEXT_KEY] || (context[import_types.SMITHY_CONTEXT_KEY] = {});
  }
});

// node_modules/@smithy/core/dist-es/submodules/transport/hasOwn.js
function hasOwn(o, k) {
  return Object.prototype.hasOwnProperty.call(o, k);
}
var init_hasOwn = __esm({
  "node_modules/@smithy/core/dist-es/submodules/transport/hasOwn.js"() {
    "use strict";
  }
});

// node_modules/@smithy/core/dist-es/submodules/transport/normalizeProvider.js
var normalizeProvider;
var init_normalizeProvider = __esm({
  "node_modules/@smithy/core/dist-es/submodules/transport/normalizeProvider.js"() {
    "use strict";
    normalizeProvider = (input) => {
      if (typeof input === "function") {
        return input;
      }
      const promisified = Promise.resolve(input);
      return () => promisified;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/transport/index.js
var init_transport = __esm({
  "node_modules/@smithy/core/dist-es/submodules/transport/index.js"() {
    "use strict";
    init_getSmithyContext();
    init_hasOwn();
    init_normalizeProvider();
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/invalid-dependency/invalidFunction.js
var invalidFunction;
var init_invalidFunction = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/invalid-dependency/invalidFunction.js"() {
    "use strict";
    invalidFunction = (message) => () => {
      throw new Error(message);
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/invalid-dependency/invalidProvider.js
var invalidProvider;
var init_invalidProvider = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/invalid-dependency/invalidProvider.js"() {
    "use strict";
    invalidProvider = (message) => () => Promise.reject(message);
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/circularReplacer.js
var getCircularReplacer;
var init_circularReplacer = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/circularReplacer.js"() {
    "use strict";
    getCircularReplacer = () => {
      const seen = /* @__PURE__ */ new WeakSet();
      return (key, value) => {
        if (typeof value === "object" && value !== null) {
          if (seen.has(value)) {
            return "[Circular]";
          }
          seen.add(value);
        }
        return value;
      };
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/utils/sleep.js
var sleep;
var init_sleep = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/utils/sleep.js"() {
    "use strict";
    sleep = (seconds) => {
      return new Promise((resolve) => setTimeout(resolve, seconds * 1e3));
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/waiter.js
var waiterServiceDefaults, WaiterState, checkExceptions;
var init_waiter = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/waiter.js"() {
    "use strict";
    init_circularReplacer();
    waiterServiceDefaults = {
      minDelay: 2,
      maxDelay: 120
    };
    (function(WaiterState3) {
      WaiterState3["ABORTED"] = "ABORTED";
      WaiterState3["FAILURE"] = "FAILURE";
      WaiterState3["SUCCESS"] = "SUCCESS";
      WaiterState3["RETRY"] = "RETRY";
      WaiterState3["TIMEOUT"] = "TIMEOUT";
    })(WaiterState || (WaiterState = {}));
    checkExceptions = (result) => {
      if (result.state === WaiterState.ABORTED) {
        const abortError = new Error(`${JSON.stringify({
          ...result,
          reason: "Request was aborted"
        }, getCircularReplacer())}`);
        abortError.name = "AbortError";
        throw abortError;
      } else if (result.state === WaiterState.TIMEOUT) {
        const timeoutError = new Error(`${JSON.stringify({
          ...result,
          reason: "Waiter has timed out"
        }, getCircularReplacer())}`);
        timeoutError.name = "TimeoutError";
        throw timeoutError;
      } else if (result.state !== WaiterState.SUCCESS) {
        throw new Error(`${JSON.stringify(result, getCircularReplacer())}`);
      }
      return result;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/poller.js
var runPolling, checkWarn403, createMessageFromResponse, exponentialBackoffWithJitter, randomInRange;
var init_poller = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/poller.js"() {
    "use strict";
    init_circularReplacer();
    init_sleep();
    init_waiter();
    runPolling = async ({ minDelay, maxDelay, maxWaitTime, abortController, client, abortSignal }, input, acceptorChecks) => {
      const observedResponses = {};
      const [minDelayMs, maxDelayMs] = [minDelay * 1e3, maxDelay * 1e3];
      let currentAttempt = 0;
      const waitUntil = Date.now() + maxWaitTime * 1e3;
      const warn403Time = Date.now() + 6e4;
      let didWarn403 = false;
      while (true) {
        if (currentAttempt > 0) {
          const delayMs = exponentialBackoffWithJitter(minDelayMs, maxDelayMs, currentAttempt, waitUntil);
          if (abortController?.signal?.aborted || abortSignal?.aborted) {
            const message = "AbortController signal aborted.";
            observedResponses[message] |= 0;
            observedResponses[message] += 1;
            return { state: WaiterState.ABORTED, observedResponses };
          }
          if (Date.now() + delayMs > waitUntil) {
            return { state: WaiterState.TIMEOUT, observedResponses };
          }
          await sleep(delayMs / 1e3);
        }
        const { state, reason } = await acceptorChecks(client, input);
        if (reason) {
          const message = createMessageFromResponse(reason);
          observedResponses[message] |= 0;
          observedResponses[message] += 1;
        }
        if (state !== WaiterState.RETRY) {
          return { state, reason, final: reason, observedResponses };
        }
        currentAttempt += 1;
        if (!didWarn403 && Date.now() >= warn403Time) {
          checkWarn403(observedResponses, client);
          didWarn403 = true;
        }
      }
    };
    checkWarn403 = (observedResponses = {}, client) => {
      const orderedErrors = Object.keys(observedResponses);
      let maxCount = 0;
      let count403 = 0;
      for (const response of orderedErrors) {
        const n = observedResponses[response] | 0;
        maxCount = Math.max(n, maxCount);
        if (response.startsWith("403:")) {
          count403 += n;
        }
      }
      const clientLogger = client?.config?.logger;
      const warningLogger = typeof clientLogger?.warn === "function" && !clientLogger.constructor?.name?.includes?.("NoOpLogger") ? clientLogger : console;
      if (count403 >= 3 || orderedErrors[orderedErrors.length - 1]?.startsWith("403:")) {
        warningLogger.warn(`@smithy/util-waiter WARN - 403 status code encountered during waiter polling.`);
      }
    };
    createMessageFromResponse = (reason) => {
      const status = reason?.$response?.statusCode ?? reason?.$metadata?.httpStatusCode;
      if (reason?.$responseBodyText) {
        return `${status ? status + ": " : ""}Deserialization error for body: ${reason.$responseBodyText}`;
      }
      if (status) {
        if (reason?.$response || reason?.message) {
          return `${status ?? "Unknown"}: ${reason?.message}`;
        }
        return `${status}: OK`;
      }
      return String(reason?.message ?? JSON.stringify(reason, getCircularReplacer()) ?? "Unknown");
    };
    exponentialBackoffWithJitter = (minDelayMs, maxDelayMs, attempt, waitUntil) => {
      const attemptCountCeiling = Math.log(maxDelayMs / minDelayMs) / Math.log(2) + 1;
      if (attempt > attemptCountCeiling) {
        return maxDelayMs;
      }
      const delay = minDelayMs * 2 ** (attempt - 1);
      const capped = Math.min(delay, maxDelayMs);
      const waitFor = randomInRange(minDelayMs, capped);
      if (Date.now() + waitFor > waitUntil) {
        const timeRemaining = waitUntil - Date.now();
        return Math.max(0, timeRemaining - 500);
      }
      return waitFor;
    };
    randomInRange = (min, max) => min + Math.random() * (max - min);
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/utils/validate.js
var validateWaiterOptions;
var init_validate = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/utils/validate.js"() {
    "use strict";
    validateWaiterOptions = (options) => {
      if (options.maxWaitTime <= 0) {
        throw new Error(`WaiterConfiguration.maxWaitTime must be greater than 0`);
      } else if (options.minDelay <= 0) {
        throw new Error(`WaiterConfiguration.minDelay must be greater than 0`);
      } else if (options.maxDelay <= 0) {
        throw new Error(`WaiterConfiguration.maxDelay must be greater than 0`);
      } else if (options.maxWaitTime <= options.minDelay) {
        throw new Error(`WaiterConfiguration.maxWaitTime [${options.maxWaitTime}] must be greater than WaiterConfiguration.minDelay [${options.minDelay}] for this waiter`);
      } else if (options.maxDelay < options.minDelay) {
        throw new Error(`WaiterConfiguration.maxDelay [${options.maxDelay}] must be greater than WaiterConfiguration.minDelay [${options.minDelay}] for this waiter`);
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/util-waiter/createWaiter.js
var abortTimeout, createWaiter;
var init_createWaiter = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/util-waiter/createWaiter.js"() {
    "use strict";
    init_poller();
    init_validate();
    init_waiter();
    abortTimeout = (abortSignal) => {
      let onAbort;
      const promise = new Promise((resolve) => {
        onAbort = () => resolve({ state: WaiterState.ABORTED });
        if (typeof abortSignal.addEventListener === "function") {
          abortSignal.addEventListener("abort", onAbort);
        } else {
          abortSignal.onabort = onAbort;
        }
      });
      return {
        clearListener() {
          if (typeof abortSignal.removeEventListener === "function") {
            abortSignal.removeEventListener("abort", onAbort);
          }
        },
        aborted: promise
      };
    };
    createWaiter = async (options, input, acceptorChecks) => {
      const params = {
        ...waiterServiceDefaults,
        ...options
      };
      validateWaiterOptions(params);
      const exitConditions = [runPolling(params, input, acceptorChecks)];
      const finalize = [];
      if (options.abortSignal) {
        const { aborted, clearListener } = abortTimeout(options.abortSignal);
        finalize.push(clearListener);
        exitConditions.push(aborted);
      }
      if (options.abortController?.signal) {
        const { aborted, clearListener } = abortTimeout(options.abortController.signal);
        finalize.push(clearListener);
        exitConditions.push(aborted);
      }
      return Promise.race(exitConditions).then((result) => {
        for (const fn of finalize) {
          fn();
        }
        return result;
      });
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/client.js
var Client;
var init_client = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/client.js"() {
    "use strict";
    init_MiddlewareStack();
    Client = class {
      config;
      middlewareStack = constructStack();
      initConfig;
      handlers;
      constructor(config) {
        this.config = config;
        const { protocol, protocolSettings } = config;
        if (protocolSettings) {
          if (typeof protocol === "function") {
            config.protocol = new protocol(protocolSettings);
          }
        }
      }
      send(command, optionsOrCb, cb) {
        const options = typeof optionsOrCb !== "function" ? optionsOrCb : void 0;
        const callback = typeof optionsOrCb === "function" ? optionsOrCb : cb;
        const useHandlerCache = options === void 0 && this.config.cacheMiddleware === true;
        let handler2;
        if (useHandlerCache) {
          if (!this.handlers) {
            this.handlers = /* @__PURE__ */ new WeakMap();
          }
          const handlers = this.handlers;
          if (handlers.has(command.constructor)) {
            handler2 = handlers.get(command.constructor);
          } else {
            handler2 = command.resolveMiddleware(this.middlewareStack, this.config, options);
            handlers.set(command.constructor, handler2);
          }
        } else {
          delete this.handlers;
          handler2 = command.resolveMiddleware(this.middlewareStack, this.config, options);
        }
        if (callback) {
          handler2(command).then((result) => callback(null, result.output), (err) => callback(err)).catch(() => {
          });
        } else {
          return handler2(command).then((result) => result.output);
        }
      }
      destroy() {
        this.config?.requestHandler?.destroy?.();
        delete this.handlers;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/schema/deref.js
var deref;
var init_deref = __esm({
  "node_modules/@smithy/core/dist-es/submodules/schema/deref.js"() {
    "use strict";
    deref = (schemaRef) => {
      if (typeof schemaRef === "function") {
        return schemaRef();
      }
      return schemaRef;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/schema/schemas/translateTraits.js
function translateTraits(indicator) {
  if (typeof indicator === "object") {
    return indicator;
  }
  indicator = indicator | 0;
  if (traitsCache[indicator]) {
    return traitsCache[indicator];
  }
  const traits = {};
  let i = 0;
  for (const trait of [
    "httpLabel",
    "idempotent",
    "idempotencyToken",
    "sensitive",
    "httpPayload",
    "httpResponseCode",
    "httpQueryParams"
  ]) {
    if ((indicator >> i++ & 1) === 1) {
      traits[trait] = 1;
    }
  }
  return traitsCache[indicator] = traits;
}
var traitsCache;
var init_translateTraits = __esm({
  "node_modules/@smithy/core/dist-es/submodules/schema/schemas/translateTraits.js"() {
    "use strict";
    traitsCache = [];
  }
});

// node_modules/@smithy/core/dist-es/submodules/schema/schemas/NormalizedSchema.js
function member(memberSchema, memberName) {
  if (memberSchema instanceof NormalizedSchema) {
    return Object.assign(memberSchema, {
      memberName,
      _isMemberSchema: true
    });
  }
  const internalCtorAccess = NormalizedSchema;
  return new internalCtorAccess(memberSchema, memberName);
}
var anno, simpleSchemaCacheN, simpleSchemaCacheS, NormalizedSchema, isMemberSchema, isStaticSchema;
var init_NormalizedSchema = __esm({
  "node_modules/@smithy/core/dist-es/submodules/schema/schemas/NormalizedSchema.js"() {
    "use strict";
    init_deref();
    init_translateTraits();
    anno = {
      it: /* @__PURE__ */ Symbol.for("@smithy/nor-struct-it"),
      ns: /* @__PURE__ */ Symbol.for("@smithy/ns")
    };
    simpleSchemaCacheN = [];
    simpleSchemaCacheS = {};
    NormalizedSchema = class _NormalizedSchema {
      ref;
      memberName;
      static symbol = /* @__PURE__ */ Symbol.for("@smithy/nor");
      symbol = _NormalizedSchema.symbol;
      name;
      schema;
      _isMemberSchema;
      traits;
      memberTraits;
      normalizedTraits;
      constructor(ref, memberName) {
        this.ref = ref;
        this.memberName = memberName;
        const traitStack = [];
        let _ref = ref;
        let schema = ref;
        this._isMemberSchema = false;
        while (isMemberSchema(_ref)) {
          traitStack.push(_ref[1]);
          _ref = _ref[0];
          schema = deref(_ref);
          this._isMemberSchema = true;
        }
        if (traitStack.length > 0) {
          this.memberTraits = {};
          for (let i = traitStack.length - 1; i >= 0; --i) {
            const traitSet = traitStack[i];
            Object.assign(this.memberTraits, translateTraits(traitSet));
          }
        } else {
          this.memberTraits = 0;
        }
        if (schema instanceof _NormalizedSchema) {
          const computedMemberTraits = this.memberTraits;
          Object.assign(this, schema);
          this.memberTraits = Object.assign({}, computedMemberTraits, schema.getMemberTraits(), this.getMemberTraits());
          this.normalizedTraits = void 0;
          this.memberName = memberName ?? schema.memberName;
          return;
        }
        this.schema = deref(schema);
        if (isStaticSchema(this.schema)) {
          this.name = `${this.schema[1]}#${this.schema[2]}`;
          this.traits = this.schema[3];
        } else {
          this.name = this.memberName ?? String(schema);
          this.traits = 0;
        }
        if (this._isMemberSchema && !memberName) {
          throw new Error(`@smithy/core/schema - NormalizedSchema member init ${this.getName(true)} missing member name.`);
        }
      }
      static [Symbol.hasInstance](lhs) {
        const isPrototype = this.prototype.isPrototypeOf(lhs);
        if (!isPrototype && typeof lhs === "object" && lhs !== null) {
          const ns = lhs;
          return ns.symbol === this.symbol;
        }
        return isPrototype;
      }
      static of(ref) {
        const keyAble = typeof ref === "function" || typeof ref === "object" && ref !== null;
        if (typeof ref === "number") {
          if (simpleSchemaCacheN[ref]) {
            return simpleSchemaCacheN[ref];
          }
        } else if (typeof ref === "string") {
          if (simpleSchemaCacheS[ref]) {
            return simpleSchemaCacheS[ref];
          }
        } else if (keyAble) {
          if (ref[anno.ns]) {
            return ref[anno.ns];
          }
        }
        const sc = deref(ref);
        if (sc instanceof _NormalizedSchema) {
          return sc;
        }
        if (isMemberSchema(sc)) {
          const [ns2, traits] = sc;
          if (ns2 instanceof _NormalizedSchema) {
            Object.assign(ns2.getMergedTraits(), translateTraits(traits));
            return ns2;
          }
          throw new Error(`@smithy/core/schema - may not init unwrapped member schema=${JSON.stringify(ref, null, 2)}.`);
        }
        const ns = new _NormalizedSchema(sc);
        if (keyAble) {
          return ref[anno.ns] = ns;
        }
        if (typeof sc === "string") {
          return simpleSchemaCacheS[sc] = ns;
        }
        if (typeof sc === "number") {
          return simpleSchemaCacheN[sc] = ns;
        }
        return ns;
      }
      getSchema() {
        const sc = this.schema;
        if (Array.isArray(sc) && sc[0] === 0) {
          return sc[4];
        }
        return sc;
      }
      getName(withNamespace = false) {
        const { name } = this;
        const short = !withNamespace && name && name.includes("#");
        return short ? name.split("#")[1] : name || void 0;
      }
      getMemberName() {
        return this.memberName;
      }
      isMemberSchema() {
        return this._isMemberSchema;
      }
      isListSchema() {
        const sc = this.getSchema();
        return typeof sc === "number" ? sc >= 64 && sc < 128 : sc[0] === 1;
      }
      isMapSchema() {
        const sc = this.getSchema();
        return typeof sc === "number" ? sc >= 128 && sc <= 255 : sc[0] === 2;
      }
      isStructSchema() {
        const sc = this.getSchema();
        if (typeof sc !== "object") {
          return false;
        }
        const id = sc[0];
        return id === 3 || id === -3 || id === 4;
      }
      isUnionSchema() {
        const sc = this.getSchema();
        if (typeof sc !== "object") {
          return false;
        }
        return sc[0] === 4;
      }
      isBlobSchema() {
        const sc = this.getSchema();
        return sc === 21 || sc === 42;
      }
      isTimestampSchema() {
        const sc = this.getSchema();
        return typeof sc === "number" && sc >= 4 && sc <= 7;
      }
      isUnitSchema() {
        return this.getSchema() === "unit";
      }
      isDocumentSchema() {
        return this.getSchema() === 15;
      }
      isStringSchema() {
        return this.getSchema() === 0;
      }
      isBooleanSchema() {
        return this.getSchema() === 2;
      }
      isNumericSchema() {
        return this.getSchema() === 1;
      }
      isBigIntegerSchema() {
        return this.getSchema() === 17;
      }
      isBigDecimalSchema() {
        return this.getSchema() === 19;
      }
      isStreaming() {
        const { streaming } = this.getMergedTraits();
        return !!streaming || this.getSchema() === 42;
      }
      isIdempotencyToken() {
        return !!this.getMergedTraits().idempotencyToken;
      }
      getMergedTraits() {
        return this.normalizedTraits ?? (this.normalizedTraits = {
          ...this.getOwnTraits(),
          ...this.getMemberTraits()
        });
      }
      getMemberTraits() {
        return translateTraits(this.memberTraits);
      }
      getOwnTraits() {
        return translateTraits(this.traits);
      }
      getKeySchema() {
        const [isDoc, isMap] = [this.isDocumentSchema(), this.isMapSchema()];
        if (!isDoc && !isMap) {
          throw new Error(`@smithy/core/schema - cannot get key for non-map: ${this.getName(true)}`);
        }
        const schema = this.getSchema();
        const memberSchema = isDoc ? 15 : schema[4] ?? 0;
        return member([memberSchema, 0], "key");
      }
      getValueSchema() {
        const sc = this.getSchema();
        const [isDoc, isMap, isList] = [this.isDocumentSchema(), this.isMapSchema(), this.isListSchema()];
        const memberSchema = typeof sc === "number" ? 63 & sc : sc && typeof sc === "object" && (isMap || isList) ? sc[3 + sc[0]] : isDoc ? 15 : void 0;
        if (memberSchema != null) {
          return member([memberSchema, 0], isMap ? "value" : "member");
        }
        throw new Error(`@smithy/core/schema - ${this.getName(true)} has no value member.`);
      }
      getMemberSchema(memberName) {
        const struct = this.getSchema();
        if (this.isStructSchema() && struct[4].includes(memberName)) {
          const i = struct[4].indexOf(memberName);
          const memberSchema = struct[5][i];
          return member(isMemberSchema(memberSchema) ? memberSchema : [memberSchema, 0], memberName);
        }
        if (this.isDocumentSchema()) {
          return member([15, 0], memberName);
        }
        throw new Error(`@smithy/core/schema - ${this.getName(true)} has no member=${memberName}.`);
      }
      getMemberSchemas() {
        const buffer = {};
        try {
          for (const [k, v] of this.structIterator()) {
            buffer[k] = v;
          }
        } catch (ignored) {
        }
        return buffer;
      }
      getEventStreamMember() {
        if (this.isStructSchema()) {
          for (const [memberName, memberSchema] of this.structIterator()) {
            if (memberSchema.isStreaming() && memberSchema.isStructSchema()) {
              return memberName;
            }
          }
        }
        return "";
      }
      *structIterator() {
        if (this.isUnitSchema()) {
          return;
        }
        if (!this.isStructSchema()) {
          throw new Error("@smithy/core/schema - cannot iterate non-struct schema.");
        }
        const struct = this.getSchema();
        const z = struct[4].length;
        let it = struct[anno.it];
        if (it && z === it.length) {
          yield* it;
          return;
        }
        it = Array(z);
        for (let i = 0; i < z; ++i) {
          const k = struct[4][i];
          const v = member([struct[5][i], 0], k);
          yield it[i] = [k, v];
        }
        struct[anno.it] = it;
      }
    };
    isMemberSchema = (sc) => Array.isArray(sc) && sc.length === 2;
    isStaticSchema = (sc) => Array.isArray(sc) && sc.length >= 5;
  }
});

// node_modules/@smithy/core/dist-es/submodules/schema/index.js
var init_schema = __esm({
  "node_modules/@smithy/core/dist-es/submodules/schema/index.js"() {
    "use strict";
    init_NormalizedSchema();
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/schemaLogFilter.js
function schemaLogFilter(schema, data) {
  if (data == null) {
    return data;
  }
  const ns = NormalizedSchema.of(schema);
  if (ns.getMergedTraits().sensitive) {
    return SENSITIVE_STRING;
  }
  if (ns.isListSchema()) {
    const valueSchema = ns.getValueSchema();
    if (valueSchema.getMergedTraits().sensitive) {
      return SENSITIVE_STRING;
    }
    if (Array.isArray(data)) {
      return data.map((value) => schemaLogFilter(valueSchema, value));
    }
  } else if (ns.isMapSchema()) {
    const valueSchema = ns.getValueSchema();
    if (ns.getKeySchema().getMergedTraits().sensitive || valueSchema.getMergedTraits().sensitive) {
      return SENSITIVE_STRING;
    }
    if (typeof data === "object") {
      return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, schemaLogFilter(valueSchema, value)]));
    }
  } else if (ns.isStructSchema() && typeof data === "object") {
    const object = data;
    const newObject = {};
    for (const [member2, memberNs] of ns.structIterator()) {
      if (object[member2] != null) {
        newObject[member2] = schemaLogFilter(memberNs, object[member2]);
      }
    }
    return newObject;
  }
  return data;
}
var SENSITIVE_STRING;
var init_schemaLogFilter = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/schemaLogFilter.js"() {
    "use strict";
    init_schema();
    SENSITIVE_STRING = "***SensitiveInformation***";
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/command.js
var import_types2, operationEventStreamMarker, Command, ClassBuilder;
var init_command = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/command.js"() {
    "use strict";
    import_types2 = __toESM(require_dist_cjs());
    init_MiddlewareStack();
    init_schemaLogFilter();
    init_schema();
    operationEventStreamMarker = /* @__PURE__ */ Symbol.for("@smithy/op-event-stream");
    Command = class {
      middlewareStack = constructStack();
      schema;
      static classBuilder() {
        return new ClassBuilder();
      }
      resolveMiddlewareWithContext(clientStack, configuration, options, { middlewareFn, clientName, commandName, inputFilterSensitiveLog, outputFilterSensitiveLog, smithyContext, additionalContext, CommandCtor }) {
        for (const mw of middlewareFn.bind(this)(CommandCtor, clientStack, configuration, options)) {
          this.middlewareStack.use(mw);
        }
        const stack = clientStack.concat(this.middlewareStack);
        const { logger } = configuration;
        const additionalSmithyContext = additionalContext[import_types2.SMITHY_CONTEXT_KEY];
        const handlerExecutionContext = {
          logger,
          clientName,
          commandName,
          inputFilterSensitiveLog,
          outputFilterSensitiveLog,
          ...additionalContext,
          [import_types2.SMITHY_CONTEXT_KEY]: {
            ...additionalSmithyContext,
            commandInstance: this,
            ...smithyContext,
            ...options?.metricsRecorder === void 0 ? {} : { metricsRecorder: options.metricsRecorder },
            ...options?.abortSignal === void 0 ? {} : { abortSignal: options.abortSignal }
          }
        };
        const { requestHandler } = configuration;
        let requestOptions = options ?? {};
        if (requestOptions.metricsRecorder) {
          requestOptions = { ...requestOptions };
          delete requestOptions.metricsRecorder;
        }
        let isEventStream;
        const schema = this.schema;
        const marker = schema?.[operationEventStreamMarker];
        if (marker !== void 0) {
          isEventStream = marker;
        } else if (schema) {
          if (Array.isArray(schema) && schema[0] === 9) {
            const [, , , , input$, output$] = schema;
            isEventStream = schema[operationEventStreamMarker] = Boolean(NormalizedSchema.of(input$).getEventStreamMember() || NormalizedSchema.of(output$).getEventStreamMember());
          }
        }
        if (isEventStream) {
          requestOptions = {
            isEventStream,
            ...requestOptions
          };
        }
        return stack.resolve((request) => requestHandler.handle(request.request, requestOptions), handlerExecutionContext);
      }
    };
    ClassBuilder = class {
      _init = () => {
      };
      _ep = {};
      _middlewareFn = () => [];
      _commandName = "";
      _clientName = "";
      _additionalContext = {};
      _smithyContext = {};
      _inputFilterSensitiveLog = void 0;
      _outputFilterSensitiveLog = void 0;
      _serializer = null;
      _deserializer = null;
      _operationSchema;
      init(cb) {
        this._init = cb;
      }
      ep(endpointParameterInstructions) {
        this._ep = endpointParameterInstructions;
        return this;
      }
      m(middlewareSupplier) {
        this._middlewareFn = middlewareSupplier;
        return this;
      }
      s(service, operation, smithyContext = {}) {
        this._smithyContext = {
          service,
          operation,
          ...smithyContext
        };
        return this;
      }
      c(additionalContext = {}) {
        this._additionalContext = additionalContext;
        return this;
      }
      n(clientName, commandName) {
        this._clientName = clientName;
        this._commandName = commandName;
        return this;
      }
      f(inputFilter = (_) => _, outputFilter = (_) => _) {
        this._inputFilterSensitiveLog = inputFilter;
        this._outputFilterSensitiveLog = outputFilter;
        return this;
      }
      ser(serializer) {
        this._serializer = serializer;
        return this;
      }
      de(deserializer) {
        this._deserializer = deserializer;
        return this;
      }
      sc(operation) {
        this._operationSchema = operation;
        this._smithyContext.operationSchema = operation;
        return this;
      }
      build() {
        const closure = this;
        let CommandRef;
        return CommandRef = class extends Command {
          input;
          static getEndpointParameterInstructions() {
            return closure._ep;
          }
          constructor(...[input]) {
            super();
            this.input = input ?? {};
            closure._init(this);
            this.schema = closure._operationSchema;
          }
          resolveMiddleware(stack, configuration, options) {
            const op = closure._operationSchema;
            const input = op?.[4] ?? op?.input;
            const output = op?.[5] ?? op?.output;
            return this.resolveMiddlewareWithContext(stack, configuration, options, {
              CommandCtor: CommandRef,
              middlewareFn: closure._middlewareFn,
              clientName: closure._clientName,
              commandName: closure._commandName,
              inputFilterSensitiveLog: closure._inputFilterSensitiveLog ?? (op ? schemaLogFilter.bind(null, input) : (_) => _),
              outputFilterSensitiveLog: closure._outputFilterSensitiveLog ?? (op ? schemaLogFilter.bind(null, output) : (_) => _),
              smithyContext: closure._smithyContext,
              additionalContext: closure._additionalContext
            });
          }
          serialize = closure._serializer;
          deserialize = closure._deserializer;
        };
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/constants.js
var SENSITIVE_STRING2;
var init_constants = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/constants.js"() {
    "use strict";
    SENSITIVE_STRING2 = "***SensitiveInformation***";
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/create-aggregated-client.js
var createAggregatedClient;
var init_create_aggregated_client = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/create-aggregated-client.js"() {
    "use strict";
    createAggregatedClient = (commands, Client2, options) => {
      for (const [command, CommandCtor] of Object.entries(commands)) {
        const methodImpl = async function(args, optionsOrCb, cb) {
          const command2 = new CommandCtor(args);
          if (typeof optionsOrCb === "function") {
            this.send(command2, optionsOrCb);
          } else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
              throw new Error(`Expected http options but got ${typeof optionsOrCb}`);
            }
            this.send(command2, optionsOrCb || {}, cb);
          } else {
            return this.send(command2, optionsOrCb);
          }
        };
        const methodName = (command[0].toLowerCase() + command.slice(1)).replace(/Command$/, "");
        Client2.prototype[methodName] = methodImpl;
      }
      const { paginators = {}, waiters = {} } = options ?? {};
      for (const [paginatorName, paginatorFn] of Object.entries(paginators)) {
        if (Client2.prototype[paginatorName] === void 0) {
          Client2.prototype[paginatorName] = function(commandInput = {}, paginationConfiguration, ...rest) {
            return paginatorFn({
              ...paginationConfiguration,
              client: this
            }, commandInput, ...rest);
          };
        }
      }
      for (const [waiterName, waiterFn] of Object.entries(waiters)) {
        if (Client2.prototype[waiterName] === void 0) {
          Client2.prototype[waiterName] = async function(commandInput = {}, waiterConfiguration, ...rest) {
            let config = waiterConfiguration;
            if (typeof waiterConfiguration === "number") {
              config = {
                maxWaitTime: waiterConfiguration
              };
            }
            return waiterFn({
              ...config,
              client: this
            }, commandInput, ...rest);
          };
        }
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/exceptions.js
var ServiceException, decorateServiceException;
var init_exceptions = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/exceptions.js"() {
    "use strict";
    ServiceException = class _ServiceException extends Error {
      static shapeId = "smithy.ts.sdk.synthetic.nonamespace.client#ServiceException";
      $fault;
      $response;
      $retryable;
      $metadata;
      constructor(options) {
        super(options.message);
        Object.setPrototypeOf(this, Object.getPrototypeOf(this).constructor.prototype);
        this.name = options.name;
        this.$fault = options.$fault;
        this.$metadata = options.$metadata;
      }
      static isInstance(value) {
        if (!value) {
          return false;
        }
        const candidate = value;
        return _ServiceException.prototype.isPrototypeOf(candidate) || Boolean(candidate.$fault) && Boolean(candidate.$metadata) && (candidate.$fault === "client" || candidate.$fault === "server");
      }
      static [Symbol.hasInstance](instance) {
        if (!instance) {
          return false;
        }
        const candidate = instance;
        if (this === _ServiceException) {
          return _ServiceException.isInstance(instance);
        }
        if (_ServiceException.isInstance(instance)) {
          if (this.prototype.isPrototypeOf(instance)) {
            return true;
          }
          const targetId = Object.prototype.hasOwnProperty.call(this, "shapeId") ? this.shapeId : void 0;
          let candidateHasShapeId = false;
          if (targetId) {
            let proto = Object.getPrototypeOf(candidate);
            while (proto && proto !== Object.prototype) {
              const ctor = proto.constructor;
              const candidateId = ctor !== _ServiceException && Object.prototype.hasOwnProperty.call(ctor, "shapeId") ? ctor?.shapeId : void 0;
              if (candidateId) {
                candidateHasShapeId = true;
                if (candidateId === targetId) {
                  return true;
                }
              }
              proto = Object.getPrototypeOf(proto);
            }
          }
          if (targetId && candidateHasShapeId) {
            return false;
          }
          const targetName = this.name;
          if (targetName && targetName.length >= 6) {
            if (candidate.name === targetName) {
              return true;
            }
            let proto = Object.getPrototypeOf(candidate);
            while (proto && proto !== Object.prototype) {
              const ctorName = proto.constructor?.name;
              if (ctorName && ctorName !== "Error" && ctorName === targetName) {
                return true;
              }
              proto = Object.getPrototypeOf(proto);
            }
          }
        }
        return false;
      }
    };
    decorateServiceException = (exception, additions = {}) => {
      Object.entries(additions).filter(([, v]) => v !== void 0).forEach(([k, v]) => {
        if (exception[k] == void 0 || exception[k] === "") {
          exception[k] = v;
        }
      });
      const message = exception.message || exception.Message || "UnknownError";
      exception.message = message;
      delete exception.Message;
      return exception;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/default-error-handler.js
var throwDefaultError, withBaseException, deserializeMetadata;
var init_default_error_handler = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/default-error-handler.js"() {
    "use strict";
    init_exceptions();
    throwDefaultError = ({ output, parsedBody, exceptionCtor, errorCode }) => {
      const $metadata = deserializeMetadata(output);
      const statusCode = $metadata.httpStatusCode ? $metadata.httpStatusCode + "" : void 0;
      const response = new exceptionCtor({
        name: parsedBody?.code || parsedBody?.Code || errorCode || statusCode || "UnknownError",
        $fault: "client",
        $metadata
      });
      throw decorateServiceException(response, parsedBody);
    };
    withBaseException = (ExceptionCtor) => {
      return ({ output, parsedBody, errorCode }) => {
        throwDefaultError({ output, parsedBody, exceptionCtor: ExceptionCtor, errorCode });
      };
    };
    deserializeMetadata = (output) => ({
      httpStatusCode: output.statusCode,
      requestId: output.headers["x-amzn-requestid"] ?? output.headers["x-amzn-request-id"] ?? output.headers["x-amz-request-id"],
      extendedRequestId: output.headers["x-amz-id-2"],
      cfId: output.headers["x-amz-cf-id"]
    });
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/defaults-mode.js
var loadConfigsForDefaultMode;
var init_defaults_mode = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/defaults-mode.js"() {
    "use strict";
    loadConfigsForDefaultMode = (mode) => {
      switch (mode) {
        case "standard":
          return {
            retryMode: "standard",
            connectionTimeout: 3100
          };
        case "in-region":
          return {
            retryMode: "standard",
            connectionTimeout: 1100
          };
        case "cross-region":
          return {
            retryMode: "standard",
            connectionTimeout: 3100
          };
        case "mobile":
          return {
            retryMode: "standard",
            connectionTimeout: 3e4
          };
        default:
          return {};
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/emitWarningIfUnsupportedVersion.js
var warningEmitted, emitWarningIfUnsupportedVersion;
var init_emitWarningIfUnsupportedVersion = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/emitWarningIfUnsupportedVersion.js"() {
    "use strict";
    warningEmitted = false;
    emitWarningIfUnsupportedVersion = (version) => {
      if (version && !warningEmitted && parseInt(version.substring(1, version.indexOf("."))) < 16) {
        warningEmitted = true;
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/checksum.js
var import_types3, knownAlgorithms, getChecksumConfiguration, resolveChecksumRuntimeConfig;
var init_checksum = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/checksum.js"() {
    "use strict";
    init_transport();
    import_types3 = __toESM(require_dist_cjs());
    knownAlgorithms = Object.values(import_types3.AlgorithmId);
    getChecksumConfiguration = (runtimeConfig) => {
      const checksumAlgorithms = [];
      for (const id in import_types3.AlgorithmId) {
        if (!hasOwn(import_types3.AlgorithmId, id)) {
          continue;
        }
        const algorithmId = import_types3.AlgorithmId[id];
        if (runtimeConfig[algorithmId] === void 0) {
          continue;
        }
        checksumAlgorithms.push({
          algorithmId: () => algorithmId,
          checksumConstructor: () => runtimeConfig[algorithmId]
        });
      }
      for (const [id, ChecksumCtor] of Object.entries(runtimeConfig.checksumAlgorithms ?? {})) {
        checksumAlgorithms.push({
          algorithmId: () => id,
          checksumConstructor: () => ChecksumCtor
        });
      }
      return {
        addChecksumAlgorithm(algo) {
          runtimeConfig.checksumAlgorithms = runtimeConfig.checksumAlgorithms ?? {};
          const id = algo.algorithmId();
          const ctor = algo.checksumConstructor();
          if (knownAlgorithms.includes(id)) {
            runtimeConfig.checksumAlgorithms[id.toUpperCase()] = ctor;
          } else {
            runtimeConfig.checksumAlgorithms[id] = ctor;
          }
          checksumAlgorithms.push(algo);
        },
        checksumAlgorithms() {
          return checksumAlgorithms;
        }
      };
    };
    resolveChecksumRuntimeConfig = (clientConfig) => {
      const runtimeConfig = {};
      clientConfig.checksumAlgorithms().forEach((checksumAlgorithm) => {
        const id = checksumAlgorithm.algorithmId();
        if (knownAlgorithms.includes(id)) {
          runtimeConfig[id] = checksumAlgorithm.checksumConstructor();
        }
      });
      return runtimeConfig;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/retry.js
var getRetryConfiguration, resolveRetryRuntimeConfig;
var init_retry = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/retry.js"() {
    "use strict";
    getRetryConfiguration = (runtimeConfig) => {
      return {
        setRetryStrategy(retryStrategy) {
          runtimeConfig.retryStrategy = retryStrategy;
        },
        retryStrategy() {
          return runtimeConfig.retryStrategy;
        }
      };
    };
    resolveRetryRuntimeConfig = (retryStrategyConfiguration) => {
      const runtimeConfig = {};
      runtimeConfig.retryStrategy = retryStrategyConfiguration.retryStrategy();
      return runtimeConfig;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/defaultExtensionConfiguration.js
var getDefaultExtensionConfiguration, getDefaultClientConfiguration, resolveDefaultRuntimeConfig;
var init_defaultExtensionConfiguration = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/extensions/defaultExtensionConfiguration.js"() {
    "use strict";
    init_checksum();
    init_retry();
    getDefaultExtensionConfiguration = (runtimeConfig) => {
      return Object.assign(getChecksumConfiguration(runtimeConfig), getRetryConfiguration(runtimeConfig));
    };
    getDefaultClientConfiguration = getDefaultExtensionConfiguration;
    resolveDefaultRuntimeConfig = (config) => {
      return Object.assign(resolveChecksumRuntimeConfig(config), resolveRetryRuntimeConfig(config));
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/get-array-if-single-item.js
var getArrayIfSingleItem;
var init_get_array_if_single_item = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/get-array-if-single-item.js"() {
    "use strict";
    getArrayIfSingleItem = (mayBeArray) => Array.isArray(mayBeArray) ? mayBeArray : [mayBeArray];
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/get-value-from-text-node.js
var getValueFromTextNode;
var init_get_value_from_text_node = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/get-value-from-text-node.js"() {
    "use strict";
    init_transport();
    getValueFromTextNode = (obj) => {
      const textNodeName = "#text";
      for (const key in obj) {
        if (!hasOwn(obj, key)) {
          continue;
        }
        if (obj[key][textNodeName] !== void 0) {
          obj[key] = obj[key][textNodeName];
        } else if (typeof obj[key] === "object" && obj[key] !== null) {
          obj[key] = getValueFromTextNode(obj[key]);
        }
      }
      return obj;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/is-serializable-header-value.js
var isSerializableHeaderValue;
var init_is_serializable_header_value = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/is-serializable-header-value.js"() {
    "use strict";
    isSerializableHeaderValue = (value) => {
      return value != null;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/NoOpLogger.js
var NoOpLogger;
var init_NoOpLogger = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/NoOpLogger.js"() {
    "use strict";
    NoOpLogger = class {
      trace() {
      }
      debug() {
      }
      info() {
      }
      warn() {
      }
      error() {
      }
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/object-mapping.js
function map(arg0, arg1, arg2) {
  let target;
  let filter;
  let instructions;
  if (typeof arg1 === "undefined" && typeof arg2 === "undefined") {
    target = {};
    instructions = arg0;
  } else {
    target = arg0;
    if (typeof arg1 === "function") {
      filter = arg1;
      instructions = arg2;
      return mapWithFilter(target, filter, instructions);
    } else {
      instructions = arg1;
    }
  }
  for (const key in instructions) {
    if (!hasOwn(instructions, key)) {
      continue;
    }
    if (!Array.isArray(instructions[key])) {
      target[key] = instructions[key];
      continue;
    }
    applyInstruction(target, null, instructions, key);
  }
  return target;
}
var convertMap, take, mapWithFilter, applyInstruction, nonNullish, pass;
var init_object_mapping = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/object-mapping.js"() {
    "use strict";
    init_transport();
    convertMap = (target) => {
      const output = {};
      for (const [k, v] of Object.entries(target || {})) {
        output[k] = [, v];
      }
      return output;
    };
    take = (source, instructions) => {
      const out = {};
      for (const key in instructions) {
        if (!hasOwn(instructions, key)) {
          continue;
        }
        applyInstruction(out, source, instructions, key);
      }
      return out;
    };
    mapWithFilter = (target, filter, instructions) => {
      return map(target, Object.entries(instructions).reduce((_instructions, [key, value]) => {
        if (Array.isArray(value)) {
          _instructions[key] = value;
        } else {
          if (typeof value === "function") {
            _instructions[key] = [filter, value()];
          } else {
            _instructions[key] = [filter, value];
          }
        }
        return _instructions;
      }, {}));
    };
    applyInstruction = (target, source, instructions, targetKey) => {
      if (source !== null) {
        let instruction = instructions[targetKey];
        if (typeof instruction === "function") {
          instruction = [, instruction];
        }
        const [filter2 = nonNullish, valueFn = pass, sourceKey = targetKey] = instruction;
        if (typeof filter2 === "function" && filter2(source[sourceKey]) || typeof filter2 !== "function" && !!filter2) {
          target[targetKey] = valueFn(source[sourceKey]);
        }
        return;
      }
      let [filter, value] = instructions[targetKey];
      if (typeof value === "function") {
        let _value;
        const defaultFilterPassed = filter === void 0 && (_value = value()) != null;
        const customFilterPassed = typeof filter === "function" && !!filter(void 0) || typeof filter !== "function" && !!filter;
        if (defaultFilterPassed) {
          target[targetKey] = _value;
        } else if (customFilterPassed) {
          target[targetKey] = value();
        }
      } else {
        const defaultFilterPassed = filter === void 0 && value != null;
        const customFilterPassed = typeof filter === "function" && !!filter(value) || typeof filter !== "function" && !!filter;
        if (defaultFilterPassed || customFilterPassed) {
          target[targetKey] = value;
        }
      }
    };
    nonNullish = (_) => _ != null;
    pass = (_) => _;
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/ser-utils.js
var serializeFloat, serializeDateTime;
var init_ser_utils = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/ser-utils.js"() {
    "use strict";
    serializeFloat = (value) => {
      if (value !== value) {
        return "NaN";
      }
      switch (value) {
        case Infinity:
          return "Infinity";
        case -Infinity:
          return "-Infinity";
        default:
          return value;
      }
    };
    serializeDateTime = (date) => date.toISOString().replace(".000Z", "Z");
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/serde-json.js
var _json;
var init_serde_json = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/serde-json.js"() {
    "use strict";
    init_transport();
    _json = (obj) => {
      if (obj == null) {
        return {};
      }
      if (Array.isArray(obj)) {
        return obj.filter((_) => _ != null).map(_json);
      }
      if (typeof obj === "object") {
        const target = {};
        for (const key in obj) {
          if (!hasOwn(obj, key)) {
            continue;
          }
          if (obj[key] == null) {
            continue;
          }
          target[key] = _json(obj[key]);
        }
        return target;
      }
      return obj;
    };
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/smithy-client/client-command-builder.js
function makeBuilder(common, service, name, ep) {
  return function makeCommand(added, plugins, op, $, smithyContext = {}) {
    const epMerged = Object.assign({}, common, added);
    return Command.classBuilder().ep(epMerged).m(function(CommandCtor, clientStack, config, options) {
      const list = plugins.call(this, CommandCtor, clientStack, config, options);
      list.unshift(ep(config, CommandCtor.getEndpointParameterInstructions()));
      return list;
    }).s(service, op, smithyContext).n(name, op.charAt(0).toUpperCase() + op.slice(1) + "Command").sc($).build();
  };
}
var init_client_command_builder = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/smithy-client/client-command-builder.js"() {
    "use strict";
    init_command();
  }
});

// node_modules/@smithy/core/dist-es/submodules/client/index.js
var client_exports = {};
__export(client_exports, {
  AlgorithmId: () => import_types3.AlgorithmId,
  Client: () => Client,
  Command: () => Command,
  NoOpLogger: () => NoOpLogger,
  SENSITIVE_STRING: () => SENSITIVE_STRING2,
  ServiceException: () => ServiceException,
  WaiterState: () => WaiterState,
  _json: () => _json,
  checkExceptions: () => checkExceptions,
  constructStack: () => constructStack,
  convertMap: () => convertMap,
  createAggregatedClient: () => createAggregatedClient,
  createWaiter: () => createWaiter,
  decorateServiceException: () => decorateServiceException,
  emitWarningIfUnsupportedVersion: () => emitWarningIfUnsupportedVersion,
  getArrayIfSingleItem: () => getArrayIfSingleItem,
  getChecksumConfiguration: () => getChecksumConfiguration,
  getDefaultClientConfiguration: () => getDefaultClientConfiguration,
  getDefaultExtensionConfiguration: () => getDefaultExtensionConfiguration,
  getRetryConfiguration: () => getRetryConfiguration,
  getSmithyContext: () => getSmithyContext,
  getValueFromTextNode: () => getValueFromTextNode,
  invalidFunction: () => invalidFunction,
  invalidProvider: () => invalidProvider,
  isSerializableHeaderValue: () => isSerializableHeaderValue,
  loadConfigsForDefaultMode: () => loadConfigsForDefaultMode,
  makeBuilder: () => makeBuilder,
  map: () => map,
  normalizeProvider: () => normalizeProvider,
  resolveChecksumRuntimeConfig: () => resolveChecksumRuntimeConfig,
  resolveDefaultRuntimeConfig: () => resolveDefaultRuntimeConfig,
  resolveRetryRuntimeConfig: () => resolveRetryRuntimeConfig,
  schemaLogFilter: () => schemaLogFilter,
  serializeDateTime: () => serializeDateTime,
  serializeFloat: () => serializeFloat,
  take: () => take,
  throwDefaultError: () => throwDefaultError,
  waiterServiceDefaults: () => waiterServiceDefaults,
  withBaseException: () => withBaseException
});
var init_client2 = __esm({
  "node_modules/@smithy/core/dist-es/submodules/client/index.js"() {
    "use strict";
    init_MiddlewareStack();
    init_transport();
    init_transport();
    init_invalidFunction();
    init_invalidProvider();
    init_createWaiter();
    init_waiter();
    init_client();
    init_command();
    init_constants();
    init_create_aggregated_client();
    init_default_error_handler();
    init_defaults_mode();
    init_emitWarningIfUnsupportedVersion();
    init_exceptions();
    init_defaultExtensionConfiguration();
    init_checksum();
    init_retry();
    init_get_array_if_single_item();
    init_get_value_from_text_node();
    init_is_serializable_header_value();
    init_NoOpLogger();
    init_object_mapping();
    init_schemaLogFilter();
    init_ser_utils();
    init_serde_json();
    init_client_command_builder();
  }
});

// node_modules/@smithy/util-waiter/dist-cjs/index.js
var require_dist_cjs2 = __commonJS({
  "node_modules/@smithy/util-waiter/dist-cjs/index.js"(exports2) {
    "use strict";
    Object.defineProperty(exports2, "__esModule", { value: true });
    exports2.checkExceptions = exports2.WaiterState = exports2.waiterServiceDefaults = exports2.createWaiter = void 0;
    var client_1 = (init_client2(), __toCommonJS(client_exports));
    Object.defineProperty(exports2, "createWaiter", { enumerable: true, get: function() {
      return client_1.createWaiter;
    } });
    Object.defineProperty(exports2, "waiterServiceDefaults", { enumerable: true, get: function() {
      return client_1.waiterServiceDefaults;
    } });
    Object.defineProperty(exports2, "WaiterState", { enumerable: true, get: function() {
      return client_1.WaiterState;
    } });
    Object.defineProperty(exports2, "checkExceptions", { enumerable: true, get: function() {
      return client_1.checkExceptions;
    } });
  }
});

// src/schedule/switch.lambda.ts
var switch_lambda_exports = {};
__export(switch_lambda_exports, {
  handle: () => handle,
  handler: () => handler,
  switchTo: () => switchTo
});
module.exports = __toCommonJS(switch_lambda_exports);
var import_client_cloudformation2 = require("@aws-sdk/client-cloudformation");
var import_client_cloudwatch2 = require("@aws-sdk/client-cloudwatch");
var import_client_ec24 = require("@aws-sdk/client-ec2");
var import_client_lambda = require("@aws-sdk/client-lambda");
var import_client_ssm2 = require("@aws-sdk/client-ssm");

// src/schedule/switch-contract.ts
var SERVER_STARTER_TYPE = "Custom::SsoClientVpnBastionServerStarter";
var SWITCHED_ON = "on";
var SWITCHED_OFF = "off";
var CONFIGURATION_VARIABLE = "SWITCH_CONFIGURATION";
var WAKE_TARGET_VARIABLE = "WAKE_TARGET";

// src/core/custom-resource-handler.ts
var fetchPut = async (url, body) => {
  const response = await fetch(url, { method: "PUT", body, headers: { "content-type": "" } });
  return { status: response.status };
};
var MAX_REASON = 2e3;
async function serveCustomResource(request, put, work) {
  const physicalResourceId = request.PhysicalResourceId ?? `${request.LogicalResourceId}-${request.RequestId}`.slice(0, 1024);
  let status = "SUCCESS";
  let reason;
  try {
    reason = await work();
  } catch (error) {
    status = "FAILED";
    reason = error.message;
  }
  const body = JSON.stringify({
    Status: status,
    Reason: reason.slice(0, MAX_REASON),
    PhysicalResourceId: physicalResourceId,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId
  });
  const answer = await put(request.ResponseURL, body);
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(`CloudFormation's response URL answered HTTP ${answer.status} to the ${status} answer for ${request.LogicalResourceId}.`);
  }
  return `${request.RequestType} of ${request.LogicalResourceId}: ${status} (${reason})`;
}

// src/schedule/switch-runtime/idle.ts
var import_client_cloudwatch = require("@aws-sdk/client-cloudwatch");
var import_client_ec2 = require("@aws-sdk/client-ec2");
function parseConnectionTime(text) {
  if (!text) {
    return void 0;
  }
  const time = Date.parse(`${text.trim().replace(" ", "T")}Z`);
  return Number.isNaN(time) ? void 0 : time;
}
function inUse(connection, since) {
  const status = connection.Status?.Code;
  if (status === "active" || status === "failed-to-terminate") {
    return true;
  }
  const ended = parseConnectionTime(connection.ConnectionEndTime);
  return ended !== void 0 && ended >= since;
}
async function connectionsSince(ec2, endpointId, since) {
  let count = 0;
  for await (const page of (0, import_client_ec2.paginateDescribeClientVpnConnections)({ client: ec2 }, { ClientVpnEndpointId: endpointId })) {
    count += (page.Connections ?? []).filter((connection) => inUse(connection, since)).length;
  }
  return count;
}
async function rearmIdleAlarm(cloudWatch, alarmName, reason) {
  await cloudWatch.send(new import_client_cloudwatch.SetAlarmStateCommand({ AlarmName: alarmName, StateValue: "OK", StateReason: reason.slice(0, 1023) }));
}

// src/schedule/switch-runtime/leftovers.ts
var import_client_ec22 = require("@aws-sdk/client-ec2");
var LIVE_NAT_STATES = ["pending", "available", "deleting"];
var LIVE_ASSOCIATION_STATES = /* @__PURE__ */ new Set(["associating", "associated", "disassociating"]);
async function findLeftovers(ec2, config) {
  const found = [];
  const allocations = new Set(config.NatAllocationIds ?? []);
  if (config.VpcId && allocations.size > 0) {
    const pages = (0, import_client_ec22.paginateDescribeNatGateways)({ client: ec2 }, {
      Filter: [{ Name: "vpc-id", Values: [config.VpcId] }, { Name: "state", Values: LIVE_NAT_STATES }]
    });
    for await (const page of pages) {
      for (const gateway of page.NatGateways ?? []) {
        const held = (gateway.NatGatewayAddresses ?? []).map((address) => address.AllocationId).filter((id) => id && allocations.has(id));
        if (held.length > 0) {
          found.push(`NAT gateway ${gateway.NatGatewayId} (${gateway.State}) holds the stack's Elastic IP ${held.join(", ")}` + (gateway.State === "deleting" ? " and is being deleted: wait a few minutes" : `: aws ec2 delete-nat-gateway --nat-gateway-id ${gateway.NatGatewayId}`));
        }
      }
    }
  }
  for await (const page of (0, import_client_ec22.paginateDescribeClientVpnTargetNetworks)({ client: ec2 }, { ClientVpnEndpointId: config.EndpointId })) {
    for (const network of page.ClientVpnTargetNetworks ?? []) {
      const state = network.Status?.Code ?? "";
      if (LIVE_ASSOCIATION_STATES.has(state)) {
        found.push(`association ${network.AssociationId} of subnet ${network.TargetNetworkId} (${state})` + (state === "disassociating" ? " is being removed: wait a few minutes" : `: aws ec2 disassociate-client-vpn-target-network --client-vpn-endpoint-id ${config.EndpointId} --association-id ${network.AssociationId}`));
      }
    }
  }
  return found;
}

// src/schedule/switch-runtime/poll.ts
var import_util_waiter = __toESM(require_dist_cjs2());
var DEFAULT_WAIT_TIMING = { minDelaySeconds: 5, maxDelaySeconds: 30 };
async function pollUntil(maxWaitSeconds, timing, look) {
  let last;
  const maxWaitTime = Math.max(1, maxWaitSeconds, timing.minDelaySeconds + 1);
  const result = await (0, import_util_waiter.createWaiter)(
    { client: void 0, maxWaitTime, minDelay: timing.minDelaySeconds, maxDelay: timing.maxDelaySeconds },
    void 0,
    async () => {
      const found = await look();
      last = found.value;
      return { state: found.state };
    }
  );
  return { state: result.state, last };
}

// src/schedule/switch-runtime/server-power.ts
var import_client_ec23 = require("@aws-sdk/client-ec2");

// src/schedule/switch-runtime/switch-error.ts
var SwitchError = class extends Error {
  constructor(message) {
    super(`Off-hours switch: ${message}`);
    this.name = "SwitchError";
  }
};
function describeError(error) {
  const { name, message } = error;
  return `${name}: ${message}`;
}

// src/schedule/switch-runtime/server-power.ts
var USER_INITIATED_STOP = "Client.UserInitiatedShutdown";
async function describeServer(ec2, instanceId) {
  const result = await ec2.send(new import_client_ec23.DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = result.Reservations?.[0]?.Instances?.[0];
  if (!instance) {
    throw new SwitchError(`server ${instanceId} was not found; deploy the stack again.`);
  }
  return instance;
}
function stateOf(instance) {
  const reason = instance.StateReason ? ` (${instance.StateReason.Code}: ${instance.StateReason.Message})` : "";
  return `${instance.State?.Name}${reason}`;
}
async function waitForServer(ec2, instanceId, wanted, failOn, maxWaitSeconds, timing) {
  const { state, last } = await pollUntil(maxWaitSeconds, timing, async () => {
    const instance = await describeServer(ec2, instanceId);
    const name = instance.State?.Name ?? "";
    return { value: instance, state: name === wanted ? import_util_waiter.WaiterState.SUCCESS : failOn.includes(name) ? import_util_waiter.WaiterState.FAILURE : import_util_waiter.WaiterState.RETRY };
  });
  if (state === import_util_waiter.WaiterState.SUCCESS && last) {
    return last;
  }
  if (state === import_util_waiter.WaiterState.FAILURE && last) {
    throw new SwitchError(`server ${instanceId} did not reach ${wanted}: it is ${stateOf(last)}. ` + (wanted === "running" ? `It is not started again until the cause is fixed (for a KMS key: let the server's role and EC2 use it); then start it once by hand: aws ec2 start-instances --instance-ids ${instanceId}` : ""));
  }
  throw new SwitchError(`server ${instanceId} is still ${last ? stateOf(last) : "in an unknown state"} after ${Math.round(maxWaitSeconds)} s, not ${wanted}.`);
}
async function startServer(ec2, instanceId, deadline, timing) {
  let instance = await describeServer(ec2, instanceId);
  const state = instance.State?.Name;
  if (state === "running") {
    return `server ${instanceId} already running`;
  }
  if (state === "stopping") {
    instance = await waitForServer(ec2, instanceId, "stopped", ["running", "shutting-down", "terminated"], deadline(), timing);
  }
  if (instance.State?.Name === "stopped") {
    const reason = instance.StateReason?.Code;
    if (reason !== void 0 && reason !== USER_INITIATED_STOP) {
      throw new SwitchError(`server ${instanceId} is ${stateOf(instance)}, not stopped by a person or the switch, so it is not started again blindly. Fix the cause, then start it once by hand: aws ec2 start-instances --instance-ids ${instanceId}`);
    }
    try {
      await ec2.send(new import_client_ec23.StartInstancesCommand({ InstanceIds: [instanceId] }));
    } catch (error) {
      throw new SwitchError(`StartInstances of server ${instanceId} failed: ${describeError(error)}`);
    }
  } else if (instance.State?.Name !== "pending") {
    throw new SwitchError(`server ${instanceId} is ${stateOf(instance)} and cannot be started; deploy the stack again.`);
  }
  await waitForServer(ec2, instanceId, "running", ["stopped", "stopping", "shutting-down", "terminated"], deadline(), timing);
  return `server ${instanceId} started`;
}
async function stopServer(ec2, instanceId) {
  const instance = await describeServer(ec2, instanceId);
  const state = instance.State?.Name;
  if (state === "stopped" || state === "stopping") {
    return `server ${instanceId} already ${state}`;
  }
  if (state !== "running" && state !== "pending") {
    return `server ${instanceId} is ${stateOf(instance)}; nothing to stop`;
  }
  try {
    await ec2.send(new import_client_ec23.StopInstancesCommand({ InstanceIds: [instanceId] }));
  } catch (error) {
    throw new SwitchError(`StopInstances of server ${instanceId} failed: ${describeError(error)}`);
  }
  return `server ${instanceId} stopping`;
}

// src/schedule/switch-runtime/ssm-state.ts
var import_client_ssm = require("@aws-sdk/client-ssm");
async function writeState(ssm, name, mode) {
  try {
    await ssm.send(new import_client_ssm.PutParameterCommand({ Name: name, Value: mode, Type: "String", Overwrite: true }));
  } catch (error) {
    throw new SwitchError(`writing ${mode} to the state parameter ${name} (SSM) failed: ${describeError(error)}`);
  }
}
async function readState(ssm, name) {
  try {
    return (await ssm.send(new import_client_ssm.GetParameterCommand({ Name: name }))).Parameter?.Value ?? "";
  } catch (error) {
    throw new SwitchError(`reading the state parameter ${name} (SSM) failed: ${describeError(error)}. It must exist while the stack does: aws ssm put-parameter --type String --name NAME --value on (or off).`);
  }
}

// src/schedule/switch-runtime/stack-flip.ts
var import_client_cloudformation = require("@aws-sdk/client-cloudformation");
var UPDATABLE = /* @__PURE__ */ new Set(["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"]);
var MAX_BUSY_ATTEMPTS = 5;
async function describeStack(cloudFormation, stackId) {
  const result = await cloudFormation.send(new import_client_cloudformation.DescribeStacksCommand({ StackName: stackId }));
  const stack = result.Stacks?.[0];
  if (!stack) {
    throw new SwitchError(`stack ${stackId} was not found; deploy it again.`);
  }
  return stack;
}
function parameterValue(stack, key) {
  const parameter = stack.Parameters?.find((p) => p.ParameterKey === key);
  const value = parameter?.ResolvedValue ?? parameter?.ParameterValue;
  if (value === void 0) {
    throw new SwitchError(`stack ${stack.StackName} has no parameter ${key}: it was deployed without the off-hours schedule this switch belongs to. Deploy it again.`);
  }
  return value;
}
function statusOf(stack) {
  return `${stack.StackStatus}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ""}`;
}
async function waitUntilSettled(cloudFormation, stackId, maxWaitSeconds, timing) {
  const { state, last } = await pollUntil(maxWaitSeconds, timing, async () => {
    const stack = await describeStack(cloudFormation, stackId);
    return { value: stack, state: stack.StackStatus?.endsWith("_IN_PROGRESS") ? import_util_waiter.WaiterState.RETRY : import_util_waiter.WaiterState.SUCCESS };
  });
  if (state !== import_util_waiter.WaiterState.SUCCESS || !last) {
    throw new SwitchError(`stack ${stackId} is still busy after ${Math.round(maxWaitSeconds)} s: ${last ? statusOf(last) : "status unknown"}. Another deployment or a rollback is running; the switch tries again on its next invocation (Lambda retries a failed asynchronous one).`);
  }
  return last;
}
async function readEvents(cloudFormation, stackId, enough) {
  const events = [];
  let nextToken;
  do {
    const page = await cloudFormation.send(new import_client_cloudformation.DescribeStackEventsCommand({ StackName: stackId, NextToken: nextToken }));
    events.push(...page.StackEvents ?? []);
    nextToken = page.NextToken;
  } while (nextToken && !enough(events));
  return events;
}
async function eventsOf(cloudFormation, stackId, token) {
  const events = await readEvents(cloudFormation, stackId, (read) => read.some((event) => event.ClientRequestToken !== token));
  return events.filter((event) => event.ClientRequestToken === token);
}
async function failureReason(cloudFormation, stack, token) {
  const failed = (await eventsOf(cloudFormation, stack.StackId, token)).filter((event) => event.ResourceStatus?.endsWith("_FAILED") && event.ResourceStatusReason).pop();
  return failed ? `${failed.LogicalResourceId} (${failed.ResourceType}): ${failed.ResourceStatusReason}` : stack.StackStatusReason ?? "no reason recorded";
}
async function deleteFailures(cloudFormation, stackId, token) {
  const events = await eventsOf(cloudFormation, stackId, token);
  const newest = /* @__PURE__ */ new Map();
  for (const event of events) {
    if (event.LogicalResourceId && !newest.has(event.LogicalResourceId)) {
      newest.set(event.LogicalResourceId, event);
    }
  }
  return [...newest.values()].filter((event) => event.ResourceStatus === "DELETE_FAILED");
}
var COMPLETED = /* @__PURE__ */ new Set(["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"]);
async function lastCompletion(cloudFormation, stack) {
  const isCompletion = (event) => event.ResourceType === "AWS::CloudFormation::Stack" && event.PhysicalResourceId === stack.StackId && COMPLETED.has(event.ResourceStatus ?? "");
  const events = await readEvents(cloudFormation, stack.StackId, (read) => read.some(isCompletion));
  return events.find(isCompletion)?.Timestamp;
}
function isNoUpdates(error) {
  return error.name === "ValidationError" && /No updates are to be performed/i.test(error.message);
}
function isBusy(error) {
  return error.name === "ValidationError" && /state and can ?not be updated/i.test(error.message);
}
async function flipStack(cloudFormation, config, mode, deadline, timing = DEFAULT_WAIT_TIMING, beforeUpdate = async () => void 0) {
  for (let attempt = 1; ; attempt++) {
    const stack = await waitUntilSettled(cloudFormation, config.StackId, deadline(), timing);
    if (!UPDATABLE.has(stack.StackStatus ?? "")) {
      throw new SwitchError(`stack ${stack.StackName} is ${statusOf(stack)}, from which CloudFormation accepts no update. Fix the stack first (continue or finish the rollback, or deploy again), then switch again.`);
    }
    if (parameterValue(stack, config.ParameterKey) === mode) {
      return "unchanged";
    }
    await beforeUpdate();
    const token = `switch-${mode}-${Date.now()}`;
    try {
      await cloudFormation.send(new import_client_cloudformation.UpdateStackCommand({
        StackName: config.StackId,
        UsePreviousTemplate: true,
        // With the state in SSM (written by beforeUpdate), every parameter keeps its value (a name) and is resolved again.
        Parameters: (stack.Parameters ?? []).map((p) => p.ParameterKey === config.ParameterKey && !config.StateParameterName ? { ParameterKey: p.ParameterKey, ParameterValue: mode } : { ParameterKey: p.ParameterKey, UsePreviousValue: true }),
        // The template holds IAM resources: the same acknowledgements the last deployment gave.
        Capabilities: stack.Capabilities,
        // The switch's own role, which may change only the switched resource types:
        // without it CloudFormation would use the stack's previous role (the CDK's, with far more power).
        RoleARN: config.RoleArn,
        ClientRequestToken: token
      }));
    } catch (error) {
      if (isNoUpdates(error)) {
        if (config.StateParameterName) {
          const resolved = parameterValue(await describeStack(cloudFormation, config.StackId), config.ParameterKey);
          if (resolved !== mode) {
            throw new SwitchError(`UpdateStack of ${stack.StackName} found nothing to change, yet the stack resolved ${resolved} from the state parameter ${config.StateParameterName}, which now says ${mode}. Deploy the stack again, then switch again.`);
          }
        }
        return "unchanged";
      }
      if (isBusy(error) && attempt < MAX_BUSY_ATTEMPTS) {
        continue;
      }
      throw new SwitchError(`UpdateStack of ${stack.StackName} (${config.ParameterKey}=${mode}) failed: ${describeError(error)}`);
    }
    const after = await waitUntilSettled(cloudFormation, config.StackId, deadline(), timing);
    if (after.StackStatus === "UPDATE_COMPLETE") {
      const leftBehind = await deleteFailures(cloudFormation, config.StackId, token);
      if (leftBehind.length > 0) {
        throw new SwitchError(`switching ${mode}: CloudFormation could not delete ${leftBehind.length} resource(s), which now live on outside the stack (and are billed): ${leftBehind.map((event) => `${event.LogicalResourceId} ${event.PhysicalResourceId} (${event.ResourceType}): ${event.ResourceStatusReason ?? "no reason recorded"}`).join("; ")}. Delete them by hand (for a NAT gateway: aws ec2 delete-nat-gateway --nat-gateway-id ID; for an association: aws ec2 disassociate-client-vpn-target-network --client-vpn-endpoint-id ENDPOINT --association-id ID); the next switch-on refuses to start while they exist.`);
      }
      return "flipped";
    }
    throw new SwitchError(`switching ${mode} failed and CloudFormation rolled back: stack ${after.StackName} is ${after.StackStatus}. First failure: ${await failureReason(cloudFormation, after, token)}`);
  }
}

// src/schedule/switch.lambda.ts
var CLIENT_CONFIG = { maxAttempts: 8 };
var productionDependencies;
function production() {
  productionDependencies ??= {
    cloudFormation: new import_client_cloudformation2.CloudFormationClient(CLIENT_CONFIG),
    ec2: new import_client_ec24.EC2Client(CLIENT_CONFIG),
    cloudWatch: new import_client_cloudwatch2.CloudWatchClient(CLIENT_CONFIG),
    lambda: new import_client_lambda.LambdaClient(CLIENT_CONFIG),
    ssm: new import_client_ssm2.SSMClient(CLIENT_CONFIG),
    timing: DEFAULT_WAIT_TIMING,
    now: Date.now,
    put: fetchPut
  };
  return productionDependencies;
}
var MARGIN_MS = 3e4;
async function handler(event, context) {
  return handle(event, context, production());
}
async function handle(event, context, dependencies) {
  if ("RequestType" in event) {
    if (event.ResourceType === SERVER_STARTER_TYPE && "ResponseURL" in event) {
      const request = event;
      return { mode: "custom resource", actions: [await serveCustomResource(request, dependencies.put, () => onServerStarterRequest(request, dependencies))] };
    }
    console.log(JSON.stringify({ legacy: event.RequestType, logicalId: event.LogicalResourceId }));
    return { PhysicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId, IsComplete: true };
  }
  const wakeTarget = process.env[WAKE_TARGET_VARIABLE];
  if (wakeTarget) {
    return wake(wakeTarget, event, context, dependencies);
  }
  const config = readConfiguration();
  const deadline = () => Math.max(1, (context.getRemainingTimeInMillis() - MARGIN_MS) / 1e3);
  const mode = "alarmData" in event || "detail-type" in event ? void 0 : parseMode(event);
  try {
    const response = "alarmData" in event ? await onIdleAlarm(event, config, deadline, dependencies) : "detail-type" in event ? await reconcile(config, deadline, dependencies) : await switchTo(mode, config, deadline, dependencies);
    console.log(JSON.stringify(response));
    return response;
  } catch (error) {
    if (config.AlarmName) {
      await rearmIdleAlarm(dependencies.cloudWatch, config.AlarmName, `The switch failed; the idle check tries again: ${error.message}`).catch((rearmError) => console.log(JSON.stringify({ rearmFailed: String(rearmError) })));
    }
    throw error;
  }
}
async function wake(target, event, context, dependencies) {
  if ("mode" in event && event.mode !== SWITCHED_ON) {
    throw new SwitchError(`this function only switches on; mode ${JSON.stringify(event.mode)} is not allowed here.`);
  }
  const invoked = await dependencies.lambda.send(new import_client_lambda.InvokeCommand({
    FunctionName: target,
    InvocationType: "RequestResponse",
    Payload: Buffer.from(JSON.stringify({ mode: SWITCHED_ON }))
  }), { abortSignal: AbortSignal.timeout(Math.max(1e3, context.getRemainingTimeInMillis() - 5e3)) }).catch((error) => {
    if (error.name === "AbortError" || error.name === "TimeoutError") {
      throw new SwitchError(`the switch ${target} is still switching on; see its log group for the outcome, or ask again in a few minutes.`);
    }
    throw error;
  });
  const payload = invoked.Payload ? Buffer.from(invoked.Payload).toString("utf8") : "";
  if (invoked.FunctionError) {
    const message = (() => {
      try {
        return JSON.parse(payload).errorMessage ?? payload;
      } catch {
        return payload;
      }
    })();
    throw new SwitchError(`switching on failed: ${message.replace(/^Off-hours switch: /, "")}`);
  }
  const answer = JSON.parse(payload || "{}");
  return { mode: SWITCHED_ON, actions: [...answer.actions ?? [], "the bastion is on; clients can connect"] };
}
function readConfiguration() {
  const text = process.env[CONFIGURATION_VARIABLE];
  if (!text) {
    throw new SwitchError(`the ${CONFIGURATION_VARIABLE} environment variable is missing; deploy the stack again.`);
  }
  return JSON.parse(text);
}
function parseMode(request) {
  if (request.mode !== SWITCHED_ON && request.mode !== SWITCHED_OFF) {
    throw new SwitchError(`mode ${JSON.stringify(request.mode)} is not supported; send {"mode": "on"} or {"mode": "off"}.`);
  }
  return request.mode;
}
async function switchTo(mode, config, deadline, dependencies) {
  const { ec2, cloudWatch, timing } = dependencies;
  const actions = [];
  const failures = [];
  const attempt = async (what) => {
    try {
      actions.push(await what());
    } catch (error) {
      failures.push(error instanceof SwitchError ? error.message : describeError(error));
    }
  };
  const flip = async () => `stack parameter ${config.ParameterKey} ${await flipTo(mode, config, deadline, dependencies) === "flipped" ? `switched to ${mode}` : `already ${mode}`}`;
  if (mode === SWITCHED_ON) {
    await attempt(flip);
    if (failures.length === 0) {
      await attempt(() => startServer(ec2, config.InstanceId, deadline, timing));
    }
    if (failures.length === 0 && config.AlarmName) {
      await attempt(async () => {
        await rearmIdleAlarm(cloudWatch, config.AlarmName, "Switched on: the idle time starts now.");
        return `idle alarm ${config.AlarmName} re-armed`;
      });
    }
  } else {
    await attempt(flip);
    await attempt(() => stopServer(ec2, config.InstanceId));
  }
  if (failures.length > 0) {
    console.log(JSON.stringify({ mode, actions }));
    throw new Error(failures.join("\n"));
  }
  return { mode, actions };
}
async function flipTo(mode, config, deadline, dependencies) {
  const { cloudFormation, ec2, ssm, timing } = dependencies;
  const beforeUpdate = async () => {
    if (mode === SWITCHED_ON) {
      await refuseLeftovers(ec2, config, mode);
    }
    if (config.StateParameterName) {
      await writeState(ssm, config.StateParameterName, mode);
    }
  };
  let result;
  try {
    result = await flipStack(cloudFormation, config, mode, deadline, timing, beforeUpdate);
  } catch (error) {
    if (config.StateParameterName) {
      await describeStack(cloudFormation, config.StackId).then((stack) => parameterValue(stack, config.ParameterKey)).then((actual) => actual !== mode ? writeState(ssm, config.StateParameterName, actual) : void 0).catch((restoreError) => console.log(JSON.stringify({ stateNotRestored: String(restoreError) })));
    }
    throw error;
  }
  if (result === "unchanged" && mode === SWITCHED_OFF) {
    await refuseLeftovers(ec2, config, mode);
  }
  return result;
}
async function refuseLeftovers(ec2, config, mode) {
  const leftovers = await findLeftovers(ec2, config);
  if (leftovers.length > 0) {
    throw new SwitchError(`${mode === SWITCHED_ON ? "not switching on" : "switched off, but"}: ${leftovers.length} resource(s) left outside the stack by an earlier switch-off ${mode === SWITCHED_ON ? "would collide with the ones switching on creates" : "are still billed"}. ${leftovers.join("; ")}. Delete them (after checking that nobody uses them), then switch ${mode} again.`);
  }
}
async function reconcile(config, deadline, dependencies) {
  const stack = await describeStack(dependencies.cloudFormation, config.StackId);
  if (stack.StackStatus?.endsWith("_IN_PROGRESS")) {
    return { mode: "reconcile", actions: [`stack ${stack.StackStatus}: its completion is checked again`] };
  }
  const resolved = parameterValue(stack, config.ParameterKey);
  if (config.StateParameterName) {
    const wanted = await readState(dependencies.ssm, config.StateParameterName);
    if ((wanted === SWITCHED_ON || wanted === SWITCHED_OFF) && wanted !== resolved) {
      const switched = await switchTo(wanted, config, deadline, dependencies);
      return { mode: "reconcile", actions: [`the stack resolved ${resolved}, the state parameter says ${wanted}`, ...switched.actions] };
    }
  }
  if (resolved !== SWITCHED_OFF) {
    return { mode: "reconcile", actions: ["switched on: nothing to do"] };
  }
  return { mode: "reconcile", actions: ["switched off", await stopServer(dependencies.ec2, config.InstanceId)] };
}
async function onServerStarterRequest(request, dependencies) {
  if (request.RequestType !== "Delete") {
    return "nothing to do until the schedule is removed";
  }
  const config = readConfiguration();
  const stack = await describeStack(dependencies.cloudFormation, config.StackId);
  if (stack.StackStatus?.startsWith("DELETE_") || stack.StackStatus?.startsWith("ROLLBACK_")) {
    return `stack ${stack.StackStatus}: the server goes with it`;
  }
  const state = (await describeServer(dependencies.ec2, config.InstanceId)).State?.Name;
  if (state !== "stopped" && state !== "stopping") {
    return `the schedule is removed; server ${config.InstanceId} is ${state}`;
  }
  await dependencies.ec2.send(new import_client_ec24.StartInstancesCommand({ InstanceIds: [config.InstanceId] }));
  return `the schedule is removed; server ${config.InstanceId} started (it stays on from now on)`;
}
async function onIdleAlarm(event, config, deadline, dependencies) {
  const { cloudFormation, ec2, cloudWatch, now } = dependencies;
  if (event.alarmData.state.value !== "ALARM") {
    return { mode: "idle check", actions: [`alarm state ${event.alarmData.state.value}: nothing to do`] };
  }
  const stack = await describeStack(cloudFormation, config.StackId);
  if (parameterValue(stack, config.ParameterKey) === SWITCHED_OFF) {
    return { mode: "idle check", actions: ["already off", await stopServer(ec2, config.InstanceId)] };
  }
  const since = now() - (config.IdleMinutes ?? 0) * 6e4;
  const busy = stack.StackStatus?.endsWith("_IN_PROGRESS") ?? false;
  const changedAt = busy ? now() : (await lastCompletion(cloudFormation, stack) ?? stack.LastUpdatedTime ?? stack.CreationTime)?.getTime() ?? 0;
  const connections = busy || changedAt >= since ? 0 : await connectionsSince(ec2, config.EndpointId, since);
  const keepOn = busy ? `stack ${stack.StackStatus}` : changedAt >= since ? `stack's last operation ended at ${new Date(changedAt).toISOString()}, within the idle time` : connections > 0 ? `${connections} connection(s) active or ended within the idle time` : void 0;
  if (keepOn !== void 0) {
    await rearmIdleAlarm(cloudWatch, config.AlarmName ?? event.alarmData.alarmName, `Not idle: ${keepOn}.`);
    return { mode: "idle check", actions: [`kept on: ${keepOn}`, "idle alarm re-armed"] };
  }
  return switchTo(SWITCHED_OFF, config, deadline, dependencies);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handle,
  handler,
  switchTo
});
